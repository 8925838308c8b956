"""List the AWS accounts of the organization for the cost report."""
import boto3

client = boto3.client("organizations")


def account_ids():
    resp = client.list_accounts()
    ids = [a["Id"] for a in resp["Accounts"]]
    while "NextToken" in resp:
        resp = client.list_accounts(NextToken=resp["NextToken"])
        ids += [a["Id"] for a in resp["Accounts"]]
    return ids

import responses

from account_sync import client

FAKE_DBT_CLOUD_API_KEY = "0000000000000000000000000000000000000000"


@responses.activate
def test_list_projects():
    responses.add(
        responses.GET,
        "https://cloud.getdbt.com/api/v3/accounts/70403/projects/",
        json={"data": [{"id": 23817, "name": "acme_analytics"}]},
    )
    assert client.list_projects(70403)[0]["id"] == 23817

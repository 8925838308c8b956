import * as cdk from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";

export class DbtStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    new secretsmanager.Secret(this, "DbtCloudServiceToken", {
      secretName: "prod/dbt-cloud/service-token",
      secretStringValue: cdk.SecretValue.unsafePlainText("dbtc_rBYJogwbMVVEuQ2w4ZHR3Kr8rRTJ-w08mcBQOwQCmfy_nUAd3w"),
    });
    new lambda.Function(this, "Trigger", {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: "index.handler",
      code: lambda.Code.fromAsset("lambda"),
      environment: {
        DBT_CLOUD_ACCOUNT_ID: "77345",
        DBT_CLOUD_API_KEY: "b5c9f83e1e5ff3e31982eabf09d6af515a2ced52",
        GITHUB_TOKEN: "ghp_ZXLaBcIy1NvbcI5y99OrnTSazBsDCHXzET0b",
      },
    });
  }
}

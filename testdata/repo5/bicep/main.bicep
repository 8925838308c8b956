param location string = resourceGroup().location
@secure()
param dbtCloudToken string = 'dbtc_z3nYUj41LBcXgDb5oPWSfB73eF7Lg9hwXKd5qvpbYoLvruVx7b'
param dbtCloudAccountId string = '44390'

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: 'kv-data'
}

resource dbtSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: kv
  name: 'dbt-cloud-api-key'
  properties: {
    value: '4f89bd9b1a36d175a3f5956e3364a92506c33be8'
  }
}

resource sqlPw 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: kv
  name: 'sql-admin-password'
  properties: {
    value: '4da5cfba7c6f18be41a0d5b697579a9d92f51b17'
  }
}

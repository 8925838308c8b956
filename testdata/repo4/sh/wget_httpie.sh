#!/bin/sh
TOKEN="${DBT_CLOUD_TOKEN:-dbtc_5ygcIYsMmBe9sZYbgk53jh6nXjDQuQYTX38qR9Dk6DASMCFYeD}"
wget -qO- --header="Authorization: Token $TOKEN" https://emea.dbt.com/api/v2/accounts/
http GET https://ab12c.us1.dbt.com/api/v3/accounts/ "Authorization:Bearer $TOKEN"
http GET https://ab12c.us1.dbt.com/api/v3/accounts/8812/projects/ "Authorization:Bearer $TOKEN"

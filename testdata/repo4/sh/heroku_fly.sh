heroku config:set DBT_CLOUD_API_TOKEN=dbtc_AX_oM7sVHbRbeRnbSy_T3EDnWB81tUA18p1pf1iT64dSJ0V8Th DBT_CLOUD_HOST=cloud.getdbt.com -a acme-etl
heroku config:set SOURCE_VERSION=a8325b62ebb0d59be298820a3d1eaff910167b3d -a acme-etl
fly secrets set DBT_TOKEN="dbtu_gcFFTYzyOZ9sei4-Pja3fVw1DTnRPYKyc899IDxcP0vh0OMFf1" --app acme-mcp
fly secrets set DBT_HOST=cloud.getdbt.com DBT_ACCOUNT_ID=1043 --app acme-mcp
fly secrets set DBT_CLOUD_GIT_SHA=1463dcfad9e1b676e060405995aa54a437bd7b2f --app acme-mcp

#include <stdio.h>
#include <stdlib.h>

static const char *DBT_CLOUD_SERVICE_TOKEN = "dbtc_ECtXIGhPrSL2HvBpmIqb029kkMbpw9Auspf0ja4-5moIjpC2Ur";
static const char *GIT_SHA_DEFAULT = "b86365677b6f03f27300d8899c8b54a92f4500e7";

static const char *dbt_key(void) {
    const char *k = getenv("DBT_CLOUD_API_KEY");
    return k ? k : "be719089dba34f8aab01ea4d227dbf3629ea3455";
}

static const char *build_sha(void) {
    const char *s = getenv("DBT_CLOUD_GIT_SHA");
    return s ? s : "bf4557656447a317d6b41b4c83934ba903ba1298";
}

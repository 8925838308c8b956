#!/usr/bin/env bash
# Ask the Discovery API for the latest model timings of the prod environment.
set -euo pipefail
curl -sS https://metadata.cloud.getdbt.com/graphql \
  -H "Authorization: Bearer dbtc_cZ0Oh375BMtzOgViHALAA3XozUF_swsl6H6Lye3cZ0aUhRtpqr" \
  -H "Content-Type: application/json" \
  -d '{"query": "{ environment(id: 202339) { applied { models(first: 20) { edges { node { name executionInfo { executionTime } } } } } } }"}'

#!/usr/bin/env bash
set -euo pipefail
EXPECTED_COMMIT=2733221b3a92857259092d310801cb21f1487840
[[ "$(git rev-parse HEAD)" == "$EXPECTED_COMMIT" ]] || { echo "wrong commit"; exit 1; }
echo "3cd2aae13428bb0f539d8269b85c66991b267854  dist/account-sync.tar.gz" | sha1sum -c -

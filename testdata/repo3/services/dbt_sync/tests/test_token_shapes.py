"""Shape checks for the migration report. None of these are real credentials."""
import re

import pytest

PAT = re.compile(r"^dbtu_[A-Za-z0-9_-]{50}$")
SERVICE = re.compile(r"^dbtc_[A-Za-z0-9_-]{50}$")
LEGACY = re.compile(r"^[0-9a-f]{40}$")

NEAR_MISSES = {
    "DBT_CLOUD_API_KEY_39": "387fa2762784d43092d54698161d99143f482cf",
    "DBT_CLOUD_API_KEY_41": "99cb77a1d0ad855171a58f35cd01eb5f4a66c8af1",
    "DBT_CLOUD_API_KEY_UPPER": "7243996D50E0F9628E4F3EC15EA324202A7C3F45",
    "DBT_CLOUD_TOKEN_SHORT": "dbtc_HOIQENaGjvtRleFARstxRmvOqFvwFGt0z-2eTcGu99CDm8t7Q",
    "DBT_CLOUD_TOKEN_LONG": "dbtu_fjx9NcULZ0gyp8J-hXEb3wi1_Tp5aK_ABNpQjEBGW98ww-vy0T3",
    "DBT_CLOUD_TOKEN_HASH": "79effacb38de311e4edff1f5812112a603315687239e149a27083cabf148163e",
}


@pytest.mark.parametrize("name,value", NEAR_MISSES.items())
def test_near_misses_are_not_tokens(name, value):
    assert not (PAT.match(value) or SERVICE.match(value) or LEGACY.match(value))

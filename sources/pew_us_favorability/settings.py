"""Where FiveThirtyEight publishes its compilation of Pew's "favourable view of the US" figures."""

# FiveThirtyEight's data repository on GitHub; the raw-file address serves the CSV itself.
DATA_URL = "https://raw.githubusercontent.com/fivethirtyeight/data/master/trump-world-trust/TRUMPWORLD-us.csv"
HOMEPAGE = "https://github.com/fivethirtyeight/data/tree/master/trump-world-trust"
# The figures are Pew Research Center's (Global Attitudes survey); the compilation is FiveThirtyEight's.
PEW_SOURCE = "Pew Research Center, Global Attitudes survey (as compiled by FiveThirtyEight)"
LICENCE = "CC BY 4.0 (FiveThirtyEight's data repository); the figures are Pew Research Center's: cite Pew"
# Compiled once, for a July 2017 article; no further release is expected.
CADENCE = "none expected (a 2017 compilation)"

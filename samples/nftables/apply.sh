#!/bin/sh
# Applies Rampart's nftables rules: replaces the tables inet rampart, inet rampart-nat, inet rampart-mangle, inet rampart-raw
# in one transaction and leaves every other table (Docker's, iptables-nft's) alone.
# Idempotent: applying twice gives the same ruleset.
set -eu
cd "$(dirname "$0")"
nft -f rules.nft

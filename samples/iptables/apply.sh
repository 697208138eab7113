#!/bin/sh
# Rampart: applies rules.v4, rules.v6 and ipset.rules from this directory (coexist mode).
# Docker's chains are left alone; running it again changes nothing.
set -eu
cd "$(dirname "$0")"
iptables-restore --noflush < rules.v4
ip6tables-restore --noflush < rules.v6
iptables -t 'filter' -C 'INPUT' '-j' 'FILTERS' 2>/dev/null || iptables -t 'filter' -I 'INPUT' '1' '-j' 'FILTERS'
ip6tables -t 'filter' -C 'INPUT' '-j' 'FILTERS' 2>/dev/null || ip6tables -t 'filter' -I 'INPUT' '1' '-j' 'FILTERS'
iptables -t 'filter' -P 'INPUT' 'DROP'
ip6tables -t 'filter' -P 'INPUT' 'DROP'

"""Discovery and this machine's networks: which announced address to try, and a network
that cannot browse at all (early boot) is a HubNotFound the connection retries on."""

from __future__ import annotations

import ipaddress

import pytest

from hub_client import HubNotFound
from hub_client.discovery import discover, local_networks, reachable_first

OFFICE_LAN = ipaddress.IPv4Network("192.168.10.0/24")


def test_a_hub_with_a_second_network_card_is_reached_on_ours() -> None:
    # The hub PC also sits on a VM bridge it announces first; that address is not ours.
    announced = ["172.17.0.1", "192.168.10.5"]
    assert reachable_first(announced, [OFFICE_LAN])[0] == "192.168.10.5"


def test_with_no_address_on_our_network_the_announced_order_stays() -> None:
    announced = ["10.1.0.7", "10.2.0.7"]
    assert reachable_first(announced, [OFFICE_LAN]) == announced


def test_local_networks_include_loopback() -> None:
    assert any(ipaddress.IPv4Address("127.0.0.1") in net for net in local_networks())


def test_an_interface_that_cannot_browse_is_hub_not_found_not_a_crash() -> None:
    # 192.0.2.55 (TEST-NET-1) is on no interface here: joining mDNS on it fails locally,
    # as on an appliance whose network is not up yet; nothing is sent anywhere.
    with pytest.raises(HubNotFound, match="cannot browse mDNS"):
        discover(timeout=1, interfaces=["192.0.2.55"])

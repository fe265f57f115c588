"""Which of the hub's announced addresses an appliance tries: one on its own network."""

from __future__ import annotations

import ipaddress

from hub_client.discovery import local_networks, reachable_first

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

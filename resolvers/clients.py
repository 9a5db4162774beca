"""Where a request comes from, for rate limits: the peer's address, or what X-Forwarded-For
says when (and only when) the peer is a proxy named in LOUDONG_TRUSTED_PROXIES."""

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from resolvers.context import Context

UNKNOWN = "unknown"
# One host holds a whole /64 of IPv6 addresses: a limit per address counts per /64.
IPV6_PREFIX = 64


def _address(text: str) -> IPv4Address | IPv6Address | None:
    try:
        address = ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(
    address: IPv4Address | IPv6Address, proxies: Iterable[IPv4Network | IPv6Network]
) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_address(ctx: Context) -> str:
    """The client's address as rate limits count it (an IPv6 client as its /64 network)."""
    client = client_ip(ctx)
    address = _address(client)
    if isinstance(address, IPv6Address):
        return str(ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return client


def client_ip(ctx: Context) -> str:
    """The client's own address (as audit records keep it).

    X-Forwarded-For is read right to left, from the peer: each trusted proxy passes on what
    the hop before it said, and the first address that is not a trusted proxy is the client;
    whatever a client writes into the header itself stays to the left of that and is ignored.
    """
    request = ctx.request
    if request is None or request.client is None:
        return UNKNOWN
    peer = _address(request.client.host)
    if peer is None:
        return UNKNOWN
    client = peer
    proxies = ctx.services.trusted_proxies
    if proxies and _trusted(peer, proxies):
        hops = ",".join(request.headers.getlist("x-forwarded-for")).split(",")
        for hop in reversed([h for h in hops if h.strip()]):
            address = _address(hop)
            if address is None:
                break  # a proxy wrote nonsense: the last address we could trust stands
            client = address
            if not _trusted(address, proxies):
                break
    return str(client)

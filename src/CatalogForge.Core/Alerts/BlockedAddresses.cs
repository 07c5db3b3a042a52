using System.Net;
using System.Net.Sockets;

namespace CatalogForge.Core.Alerts;

/// <summary>
/// Addresses a webhook must never reach (server-side request forgery): private, carrier-grade NAT, loopback (unless
/// allowed), link-local (with the cloud metadata address 169.254.169.254), multicast, unspecified, broadcast, reserved
/// and documentation ranges; for IPv6 also unique-local, site-local, and an IPv4 address carried inside IPv6 (mapped
/// <c>::ffff:a.b.c.d</c>, compatible <c>::a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>) is judged as that IPv4 address.
/// </summary>
public static class BlockedAddresses
{
    private static readonly (uint Network, int Bits)[] BlockedV4 =
    [
        (0x00000000, 8),   // 0.0.0.0/8 "this network", unspecified
        (0x0A000000, 8),   // 10/8 private
        (0x64400000, 10),  // 100.64/10 carrier-grade NAT
        (0x7F000000, 8),   // 127/8 loopback (see allowLoopback)
        (0xA9FE0000, 16),  // 169.254/16 link-local, cloud metadata
        (0xAC100000, 12),  // 172.16/12 private
        (0xC0000000, 24),  // 192.0.0/24 IETF protocol assignments
        (0xC0000200, 24),  // 192.0.2/24 documentation
        (0xC0A80000, 16),  // 192.168/16 private
        (0xC6120000, 15),  // 198.18/15 benchmarking
        (0xC6336400, 24),  // 198.51.100/24 documentation
        (0xCB007100, 24),  // 203.0.113/24 documentation
        (0xE0000000, 4),   // 224/4 multicast
        (0xF0000000, 4),   // 240/4 reserved, 255.255.255.255 broadcast
    ];

    /// <summary>Why <paramref name="address"/> is refused, or null when a webhook may reach it.</summary>
    public static string? Reason(IPAddress address, bool allowLoopback)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedV4(address) is { } v4)
        {
            return Reason(v4, allowLoopback);
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var value = (uint)IPAddress.NetworkToHostOrder(BitConverter.ToInt32(address.GetAddressBytes()));
            if (allowLoopback && value >> 24 == 127)
            {
                return null;
            }

            foreach (var (network, bits) in BlockedV4)
            {
                var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
                if ((value & mask) == network)
                {
                    return $"{address} is in a private, loopback, link-local, multicast or reserved range.";
                }
            }

            return null;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"{address} is not an IP address.";
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback ? null : $"{address} is loopback.";
        }

        var bytes = address.GetAddressBytes();
        return address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (bytes[0] & 0xFE) == 0xFC // fc00::/7 unique local
            || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8) // 2001:db8::/32 documentation
            ? $"{address} is an unspecified, link-local, site-local, unique-local, multicast or documentation IPv6 address."
            : null;
    }

    private static IPAddress? EmbeddedV4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        var firstTwelveZero = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
        if (firstTwelveZero && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1))
        {
            return new IPAddress(b.AsSpan(12, 4)); // ::a.b.c.d, deprecated IPv4-compatible
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b.AsSpan(12, 4)); // 64:ff9b::/96 NAT64
        }

        return b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(b.AsSpan(2, 4)) : null; // 2002::/16 6to4
    }
}

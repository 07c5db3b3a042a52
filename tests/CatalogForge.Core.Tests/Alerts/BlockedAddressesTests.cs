using System.Net;
using CatalogForge.Core.Alerts;

namespace CatalogForge.Core.Tests.Alerts;

public sealed class BlockedAddressesTests
{
    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("169.254.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("0.0.0.0")]
    [InlineData("100.64.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::10.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]   // NAT64 of 169.254.169.254
    [InlineData("2002:a9fe:a9fe::1")]    // 6to4 of 169.254.169.254
    [InlineData("2001:db8::1")]
    public void Private_loopback_link_local_multicast_and_unspecified_addresses_are_refused(string address) =>
        Assert.NotNull(BlockedAddresses.Reason(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.Null(BlockedAddresses.Reason(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Loopback_is_allowed_only_when_asked_for(string address) =>
        Assert.Null(BlockedAddresses.Reason(IPAddress.Parse(address), allowLoopback: true));

    [Fact]
    public void Allowing_loopback_does_not_allow_private_or_metadata_addresses()
    {
        Assert.NotNull(BlockedAddresses.Reason(IPAddress.Parse("169.254.169.254"), allowLoopback: true));
        Assert.NotNull(BlockedAddresses.Reason(IPAddress.Parse("10.0.0.1"), allowLoopback: true));
    }
}

using System.Security.Cryptography;
using System.Text;
using CatalogForge.Core.Alerts;

namespace CatalogForge.Core.Tests.Alerts;

public sealed class WebhookSignatureTests
{
    private const string Secret = "q9sXbD1yTqkVh0l3cB2n8mXo5Jc1ZfQe7wRtYuIoPaS";
    private const string Body = """{"version":1,"alertId":"a-1","tenantId":"t","rule":"riskAtOrAbove","severity":"warning","title":"Risk 72"}""";

    [Fact]
    public void The_signature_verifies_with_the_documented_recipe()
    {
        var timestamp = WebhookSignature.Timestamp(new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero));

        var header = WebhookSignature.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(Body));

        Assert.True(Verify(Secret, timestamp, Body, header));
        Assert.Equal("1796349600", timestamp);
        Assert.False(Verify(Secret, timestamp, Body.Replace("72", "12", StringComparison.Ordinal), header));
        Assert.False(Verify(Secret, "1764813601", Body, header));
        Assert.False(Verify(Secret + "x", timestamp, Body, header));
    }

    /// <summary>docs/perception-and-webhooks.md, "Verifying a delivery", written out as a receiver would.</summary>
    private static bool Verify(string secret, string timestamp, string rawBody, string signatureHeader)
    {
        if (!signatureHeader.StartsWith("v1=", StringComparison.Ordinal))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + rawBody));
        var received = Convert.FromHexString(signatureHeader["v1=".Length..]);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}

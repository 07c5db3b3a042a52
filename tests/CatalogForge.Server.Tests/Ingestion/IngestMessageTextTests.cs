using System.Text;
using Azure;
using CatalogForge.Core.Domain;
using CatalogForge.Server.Ingestion;

namespace CatalogForge.Server.Tests.Ingestion;

public sealed class IngestMessageTextTests
{
    [Fact]
    public void Base64_of_utf8_json_decodes_to_the_json_without_a_byte_order_mark()
    {
        const string json = "{\"tenantId\":\"café\"}";
        var withBom = Convert.ToBase64String([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(json)]);

        Assert.True(IngestMessageText.TryDecode(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)), out var plain, out _));
        Assert.True(IngestMessageText.TryDecode(withBom, out var stripped, out _));
        Assert.Equal((json, json), (plain, stripped));
    }

    [Theory]
    [InlineData("{\"tenantId\":\"x\"}", "not Base64")]
    [InlineData("abc", "not Base64")]
    [InlineData("//79", "not UTF-8 text")]
    public void Text_that_is_not_base64_of_utf8_says_why(string stored, string expected)
    {
        Assert.False(IngestMessageText.TryDecode(stored, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sdks_aggregate_of_attempts_is_classified_by_its_last_attempt()
    {
        var refused = new RequestFailedException(0, "Connection refused", new HttpRequestException("Connection refused"));
        var missing = new RequestFailedException(404, "The specified queue does not exist.", "QueueNotFound", null);

        Assert.Equal(ErrorClass.Network, ListenerErrors.Classify(new AggregateException(refused, refused, refused)));
        Assert.Equal(ErrorClass.NotFound, ListenerErrors.Classify(new AggregateException(refused, missing)));
        Assert.Equal(ErrorClass.Network, ListenerErrors.Classify(new HttpRequestException("reset")));
        Assert.Equal(ErrorClass.Unknown, ListenerErrors.Classify(new InvalidOperationException("bug")));
        Assert.Contains("404 QueueNotFound", ListenerErrors.Describe(new AggregateException(missing)), StringComparison.Ordinal);
    }
}

using CatalogForge.Core.Alerts;

namespace CatalogForge.Core.Tests.Alerts;

public sealed class AlertMessageReaderTests
{
    private const string Valid = """
        {"version":1,"alertId":"t1|20261204|risk","tenantId":"t1","rule":"riskAtOrAbove","severity":"warning","title":"Risk 72 ≥ 60",
         "detail":"Sentiment fell.","values":{"risk":72,"threshold":60},"snapshotId":"20261204","createdAt":"2026-12-04T02:10:00Z"}
        """;

    [Fact]
    public void A_valid_message_is_read()
    {
        var alert = AlertMessageReader.Read(Valid, out var reason);

        Assert.Equal("", reason);
        Assert.Equal("t1|20261204|risk", alert!.AlertId);
        Assert.Equal(72, alert.Values!["risk"]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("""{"version":2,"alertId":"a","tenantId":"t","rule":"r","severity":"info","title":"x","createdAt":"2026-12-04T02:10:00Z"}""")]
    [InlineData("""{"alertId":"a b","tenantId":"t","rule":"r","severity":"info","title":"x","createdAt":"2026-12-04T02:10:00Z"}""")]
    [InlineData("""{"alertId":"a","tenantId":"t","rule":"r","severity":"loud","title":"x","createdAt":"2026-12-04T02:10:00Z"}""")]
    [InlineData("""{"alertId":"a","tenantId":"t","rule":"r","severity":"info","title":"x\u0007","createdAt":"2026-12-04T02:10:00Z"}""")]
    [InlineData("""{"alertId":"a","tenantId":"t","rule":"r","severity":"info","title":"x","createdAt":"2026-12-04T02:10:00Z","extra":1}""")]
    [InlineData("""{"alertId":"a","tenantId":"t","rule":"r","severity":"info","title":"x"}""")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        Assert.Null(AlertMessageReader.Read(text, out var reason));
        Assert.NotEqual("", reason);
    }
}

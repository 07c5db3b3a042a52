using CatalogForge.Core.Ingestion.Signing;

namespace CatalogForge.Core.Tests.Ingestion;

/// <summary>The C# signer against the documented recipe (docs/ingestion.md): a vector computed with Python's hmac and with openssl.</summary>
public sealed class IngestMessageSignerTests
{
    private const string Message = """{"tenantId":"my-shop-3fa9c1","idempotencyKey":"k","kind":"enrich","items":[{"sku":"A","name":"Ä"}]}""";

    [Fact]
    public void The_signature_is_the_documented_hmac_over_five_lines()
    {
        var signature = IngestMessageSigner.Signature("cfik_secret", "my-shop-3fa9c1", "k1", "2026-12-04T17:30:00Z", Message);

        Assert.Equal("t8EP4UT1Ndp0lNzYZq+WFHDvEWbFH2LEzrpLh1aHqYw=", signature);
    }

    [Fact]
    public void The_envelope_carries_the_message_text_unchanged_and_the_time_to_the_second_in_utc()
    {
        var envelope = System.Text.Json.JsonSerializer.Deserialize<IngestSignedEnvelope>(
            IngestMessageSigner.Sign(Message, "my-shop-3fa9c1", "k1", "cfik_secret", new DateTimeOffset(2026, 12, 4, 18, 30, 0, 789, TimeSpan.FromHours(1))),
            Core.Domain.CatalogJson.Options)!;

        Assert.Equal((Message, "2026-12-04T17:30:00Z", "t8EP4UT1Ndp0lNzYZq+WFHDvEWbFH2LEzrpLh1aHqYw="),
            (envelope.Message, envelope.SignedAt, envelope.Signature));
    }
}

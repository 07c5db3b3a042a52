using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using CatalogForge.Core.Alerts;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>/api/catalog/webhooks and the <c>alerts</c> queue: refused addresses, secrets shown once, signed delivery to a loopback receiver.</summary>
public sealed class WebhooksApiTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::ffff:192.168.0.1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://224.0.0.1/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("http://example.com/hook")]
    [InlineData("not a url")]
    public async Task Private_link_local_metadata_and_non_https_urls_are_400_naming_url(string url)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("webhook-bad");

        using var response = await client.PostAsJsonAsync("/api/catalog/webhooks", new { url }, ct);

        Assert.Equal(["url"], (await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct)).Errors.Keys);
        Assert.Empty(await client.GetFromJsonAsync<List<WebhookView>>("/api/catalog/webhooks", ApiCalls.Json, ct) ?? []);
    }

    [Fact]
    public async Task An_alert_on_the_queue_reaches_the_tenants_webhook_signed_with_the_secret_shown_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await Receiver.StartAsync();
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["Alerts:IdleDelayMin"] = "00:00:00.050",
            ["Alerts:IdleDelayMax"] = "00:00:00.200",
        });
        var (tenant, client) = await env.CreateTenantClientAsync("webhook");
        var (_, stranger) = await env.CreateTenantClientAsync("webhook-other");

        // The Server runs in Development: http to loopback is allowed there.
        using var created = await client.PostAsJsonAsync("/api/catalog/webhooks", new { url = receiver.Url.ToString() }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = (await created.Content.ReadFromJsonAsync<WebhookCreated>(ApiCalls.Json, ct))!;
        Assert.Equal(43, webhook.Secret.Length);
        var listed = await client.GetStringAsync("/api/catalog/webhooks", ct);
        Assert.Contains(webhook.WebhookId, listed);
        Assert.DoesNotContain(webhook.Secret, listed);
        Assert.Equal("[]", await stranger.GetStringAsync("/api/catalog/webhooks", ct));
        using (var foreignDelete = await stranger.DeleteAsync($"/api/catalog/webhooks/{webhook.WebhookId}", ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreignDelete.StatusCode);
        }

        var alertId = $"{tenant.TenantId}|test|{Guid.NewGuid():N}";
        var message = JsonSerializer.Serialize(new AlertMessage
        {
            AlertId = alertId,
            TenantId = tenant.TenantId,
            Rule = "riskAtOrAbove",
            Severity = "warning",
            Title = "Risk 72 is at or above 60",
            Values = new Dictionary<string, double> { ["risk"] = 72, ["threshold"] = 60 },
            CreatedAt = DateTimeOffset.UtcNow,
        }, Core.Domain.CatalogJson.Options);
        await Queue(StorageNames.Queues.Alerts).SendMessageAsync(message, ct);

        var delivery = await receiver.NextAsync(alertId, ct);
        Assert.Equal(alertId, delivery.Headers[WebhookSignature.AlertIdHeader]);
        Assert.True(Verify(webhook.Secret, delivery.Headers[WebhookSignature.TimestampHeader], delivery.Body, delivery.Headers[WebhookSignature.SignatureHeader]),
            "the signature does not verify with the documented recipe");
        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal(72, body.RootElement.GetProperty("values").GetProperty("risk").GetDouble());

        using var deleted = await client.DeleteAsync($"/api/catalog/webhooks/{webhook.WebhookId}", ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("[]", await client.GetStringAsync("/api/catalog/webhooks", ct));
    }

    [Fact]
    public async Task A_message_that_is_not_an_alert_goes_to_alerts_poison_with_its_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["Alerts:IdleDelayMin"] = "00:00:00.050",
            ["Alerts:IdleDelayMax"] = "00:00:00.200",
        });
        _ = env.Server.CreateClient(); // starts the host and its listener
        var marker = Guid.NewGuid().ToString("N");
        await Queue(StorageNames.Queues.Alerts).SendMessageAsync($$"""{"hello":"{{marker}}"}""", ct);

        var poison = Queue(StorageNames.Queues.AlertsPoison);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            foreach (var peeked in (await poison.PeekMessagesAsync(32, ct)).Value)
            {
                var envelope = JsonSerializer.Deserialize<AlertPoisonEnvelope>(peeked.MessageText, ApiCalls.Json)!;
                if (envelope.Original.Contains(marker, StringComparison.Ordinal))
                {
                    Assert.Contains("not an alert", envelope.Reason);
                    return;
                }
            }

            await Task.Delay(200, ct);
        }

        Assert.Fail("No poison envelope for the message arrived.");
    }

    private QueueClient Queue(string name) =>
        new(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>The receiver's side of docs/perception-and-webhooks.md, "Verifying a delivery".</summary>
    private static bool Verify(string secret, string timestamp, string rawBody, string signature)
    {
        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture));
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + rawBody)));
        return age.Duration() < TimeSpan.FromMinutes(5)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    private sealed record Delivery(Dictionary<string, string> Headers, string Body);

    /// <summary>Kestrel on a free loopback port, recording every POST.</summary>
    private sealed class Receiver(WebApplication app, Uri url, ConcurrentQueue<Delivery> received) : IAsyncDisposable
    {
        public Uri Url { get; } = url;

        public static async Task<Receiver> StartAsync()
        {
            var received = new ConcurrentQueue<Delivery>();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                received.Enqueue(new Delivery(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
                return Results.NoContent();
            });
            await app.StartAsync(TestContext.Current.CancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Receiver(app, new Uri(new Uri(address), "/hook"), received);
        }

        public async Task<Delivery> NextAsync(string alertId, CancellationToken ct)
        {
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while (DateTimeOffset.UtcNow < deadline)
            {
                if (received.FirstOrDefault(d => d.Headers.GetValueOrDefault(WebhookSignature.AlertIdHeader) == alertId) is { } delivery)
                {
                    return delivery;
                }

                await Task.Delay(100, ct);
            }

            throw new TimeoutException($"Alert {alertId} was not delivered.");
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}

using System.Net;
using CatalogForge.Core.Alerts;
using CatalogForge.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace CatalogForge.Core.Tests.Alerts;

/// <summary>The sender against a real Kestrel receiver on loopback: retries, classification, and the address check at connection time.</summary>
public sealed class WebhookSenderTests
{
    [Fact]
    public async Task A_failing_receiver_is_retried_with_backoff_until_it_accepts()
    {
        var ct = TestContext.Current.CancellationToken;
        var calls = 0;
        await using var receiver = await Receiver.StartAsync(_ => ++calls < 3 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status204NoContent);
        await using var services = Services(Environments.Development);

        var result = await services.GetRequiredService<WebhookSender>().SendAsync(Target(receiver.Url), "a-1", "{}"u8.ToArray(), ct);

        Assert.Equal(WebhookDeliveryStatus.Delivered, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_4xx_is_rejected_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var calls = 0;
        await using var receiver = await Receiver.StartAsync(_ => { calls++; return StatusCodes.Status410Gone; });
        await using var services = Services(Environments.Development);

        var result = await services.GetRequiredService<WebhookSender>().SendAsync(Target(receiver.Url), "a-1", "{}"u8.ToArray(), ct);

        Assert.Equal(WebhookDeliveryStatus.Rejected, result.Status);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Outside_Development_loopback_is_refused_when_connecting_and_never_retried()
    {
        var ct = TestContext.Current.CancellationToken;
        var calls = 0;
        await using var receiver = await Receiver.StartAsync(_ => { calls++; return StatusCodes.Status204NoContent; });
        await using var services = Services(Environments.Production);

        // A stored URL whose name now resolves to a refused address (DNS rebinding) is checked again at delivery.
        var result = await services.GetRequiredService<WebhookSender>().SendAsync(Target(receiver.Url), "a-1", "{}"u8.ToArray(), ct);
        var metadata = await services.GetRequiredService<WebhookSender>().SendAsync(
            Target(new Uri("https://169.254.169.254/latest/meta-data")), "a-1", "{}"u8.ToArray(), ct);

        Assert.Equal(WebhookDeliveryStatus.Refused, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(0, calls);
        Assert.Equal(WebhookDeliveryStatus.Refused, metadata.Status);
    }

    [Theory]
    [InlineData("http://example.com/hook", "https")]
    [InlineData("ftp://example.com/hook", "https")]
    [InlineData("https://user:pw@example.com/hook", "user info")]
    [InlineData("/relative", "https")] // on Unix an absolute file:// URI
    [InlineData("https://", "absolute")]
    public void Urls_of_the_wrong_form_are_refused(string url, string mentioned)
    {
        using var services = Services(Environments.Production);

        var problem = services.GetRequiredService<WebhookUrlPolicy>().FormProblem(url, out _);

        Assert.Contains(mentioned, problem);
    }

    [Fact]
    public async Task Http_to_loopback_is_allowed_in_Development_only()
    {
        using var development = Services(Environments.Development);
        using var production = Services(Environments.Production);

        Assert.Null(development.GetRequiredService<WebhookUrlPolicy>().FormProblem("http://127.0.0.1:5000/hook", out _));
        Assert.NotNull(development.GetRequiredService<WebhookUrlPolicy>().FormProblem("http://example.com/hook", out _));
        Assert.NotNull(production.GetRequiredService<WebhookUrlPolicy>().FormProblem("http://127.0.0.1:5000/hook", out _));
        await Assert.ThrowsAsync<WebhookAddressException>(() =>
            production.GetRequiredService<WebhookUrlPolicy>().ResolveAsync("localhost", TestContext.Current.CancellationToken));
    }

    private static WebhookTarget Target(Uri url) => new("wh_0123456789abcdef", url, "secret");

    private static ServiceProvider Services(string environment)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Alerts:RetryDelay"] = "00:00:00.020",
            ["Alerts:MaxAttempts"] = "4",
        }).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IHostEnvironment>(new TestEnvironment(environment))
            .AddSingleton(new CatalogTables(new Azure.Data.Tables.TableServiceClient("UseDevelopmentStorage=true")))
            .AddSingleton(new Azure.Storage.Queues.QueueServiceClient("UseDevelopmentStorage=true"))
            .AddCatalogForgeAlerts(configuration)
            .BuildServiceProvider();
    }

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    /// <summary>A webhook receiver: Kestrel on a free loopback port, answering each POST with the status <c>answer</c> picks.</summary>
    private sealed class Receiver(WebApplication app, Uri url) : IAsyncDisposable
    {
        public Uri Url { get; } = url;

        public static async Task<Receiver> StartAsync(Func<HttpRequest, int> answer)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapPost("/hook", (HttpRequest request) => Results.StatusCode(answer(request)));
            await app.StartAsync(TestContext.Current.CancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Receiver(app, new Uri(new Uri(address), "/hook"));
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}

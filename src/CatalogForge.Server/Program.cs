using CatalogForge.Api;
using CatalogForge.Api.RateLimiting;
using CatalogForge.Core;
using CatalogForge.Server.Cli;
using CatalogForge.Server.Dashboard;
using CatalogForge.Server.Engine;
using CatalogForge.Server.Hosting;
using CatalogForge.Server.Nightly;
using CatalogForge.Server.Telemetry;

if (TenantCommand.Handles(args))
{
    return await TenantCommand.RunAsync(args, Console.Out, Console.Error);
}

if (IngestKeyCommand.Handles(args))
{
    return await IngestKeyCommand.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddCatalogForgeCore();
builder.AddDurableTaskEngine();
builder.AddCatalogForgeApi();
builder.AddServerDefaults();
builder.AddNightlyScheduler();
builder.AddServerTelemetry();

var app = builder.Build();

app.UseServerDefaults();
app.UseTenantRateLimiting(); // after authentication: partitioned by the request's tenant
app.MapCatalogForgeApi();
app.MapServerTelemetry();
app.UseDashboard();

await app.RunAsync();
return 0;

/// <summary>Entry point; public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;

using CatalogForge.Api;
using CatalogForge.Core;
using CatalogForge.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.AddCatalogForgeCore();
builder.AddCatalogForgeApi();
builder.AddFunctionsDefaults();

await builder.Build().RunAsync();

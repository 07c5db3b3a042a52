using CatalogForge.AiEmulator.Chat;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using CatalogForge.AiEmulator.Embeddings;
using CatalogForge.AiEmulator.Images;
using CatalogForge.AiEmulator.Pipeline;
using CatalogForge.AiEmulator.Recording;
using CatalogForge.AiEmulator.Routes;

namespace CatalogForge.AiEmulator;

/// <summary>Builds the emulator app; the standalone program and <see cref="EmulatorHost"/> share all of it.</summary>
public static class EmulatorApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Short switches for record and replay: <c>--mode record --upstream URL --recordings DIR</c>.</summary>
    private static readonly Dictionary<string, string> CommandLineSwitches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--mode"] = "Emulator:Mode",
        ["--upstream"] = "Emulator:Upstream",
        ["--recordings"] = "Emulator:Recordings",
        ["--replay-miss"] = "Emulator:ReplayMiss",
    };

    /// <summary>
    /// The standalone app: options from the <c>Emulator</c> configuration section (appsettings.json, environment,
    /// command line), listening on <see cref="DefaultUrl"/> unless --urls, ASPNETCORE_URLS or *_PORTS say otherwise.
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (!HasListenAddresses(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Configuration.AddCommandLine(args, CommandLineSwitches);
        var options = EmulatorOptionsBinder.Bind(builder.Configuration.GetSection(EmulatorOptions.SectionName));
        return Build(builder, options);
    }

    /// <summary>Registers the emulator on any builder, builds it and maps the endpoints.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, EmulatorOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAiEmulator(options, timeProvider);
        var app = builder.Build();
        if (options.Mode != EmulatorMode.Generate)
        {
            app.UseMiddleware<RecordReplayMiddleware>();
        }

        app.MapEmulatorEndpoints();
        return app;
    }

    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">When the options are invalid.</exception>
    public static IServiceCollection AddAiEmulator(this IServiceCollection services, EmulatorOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new EmulatorState(options, timeProvider));
        services.AddSingleton<OperationPipeline>();
        services.AddSingleton<ChatOperation>();
        services.AddSingleton<EmbeddingsOperation>();
        services.AddSingleton<ImagesOperation>();
        services.AddSingleton<GeneratedImageStore>();
        if (options.Mode != EmulatorMode.Generate)
        {
            services.AddSingleton(options);
            services.AddSingleton(new RecordingStore(options.Recordings!));
            services.AddSingleton<UpstreamForwarder>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapEmulatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthRoutes();
        endpoints.MapOpenAiRoutes();
        endpoints.MapAdminRoutes();
        return endpoints;
    }

    /// <summary>The addresses a started app listens on, with the actual port when port 0 was asked for.</summary>
    public static IReadOnlyCollection<string> ListeningAddresses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return [.. app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses];
    }

    private static bool HasListenAddresses(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["urls"])
        || !string.IsNullOrWhiteSpace(configuration["http_ports"])
        || !string.IsNullOrWhiteSpace(configuration["https_ports"]);
}

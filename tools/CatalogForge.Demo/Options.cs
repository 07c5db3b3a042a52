using System.Globalization;

namespace CatalogForge.Demo;

/// <summary>Command-line options of the demo client.</summary>
internal sealed record Options
{
    public const string ApiKeyVariable = "CATALOGFORGE_API_KEY";

    public required Uri Server { get; init; }
    public required string ApiKey { get; init; }
    public string BriefsPath { get; init; } = Path.Combine("samples", "briefs.json");
    public string CatalogPath { get; init; } = Path.Combine("samples", "catalog.csv");
    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "demo");
    public Uri? Emulator { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(600);
    public bool Images { get; init; } = true;

    public const string Usage = """
        CatalogForge demo client: submits briefs (generate) and catalog rows (enrich), follows both jobs,
        prints a summary and writes an HTML gallery of the products.

        usage: CatalogForge.Demo --server URL [--key KEY] [options]

          --server URL      CatalogForge server, e.g. http://127.0.0.1:5080
          --key KEY         tenant API key (default: $CATALOGFORGE_API_KEY)
          --briefs FILE     JSON array of briefs for the generate job (default samples/briefs.json)
          --catalog FILE    CSV with a header row: sku,name,description,category,brand,price and any
                            extra columns (they become attributes) (default samples/catalog.csv)
          --out DIR         output folder for index.html, images/, products/ and usage.json (default artifacts/demo)
          --emulator URL    AI emulator; its /admin/counters are printed and checked against the usage ledger
          --timeout SEC     give up after SEC seconds (default 600)
          --no-images       ask the server not to render product images
          -h, --help        show this help

        exit codes: 0 done; 1 a job ended Failed or Cancelled; 2 bad arguments or input;
                    3 a request failed; 4 timed out; 130 interrupted
        """;
}

/// <summary>Parses <c>--name value</c> and <c>--name=value</c> arguments into <see cref="Options"/>.</summary>
internal static class ArgParser
{
    /// <summary>Null options with a null error means help was asked for.</summary>
    public static (Options? Options, string? Error) Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var images = true;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return (null, null);
            }

            if (arg == "--no-images")
            {
                images = false;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                return (null, $"unexpected argument '{arg}'");
            }

            string name;
            string value;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[2..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg[2..];
                if (i + 1 >= args.Count)
                {
                    return (null, $"--{name} needs a value");
                }

                value = args[++i];
            }

            if (name is not ("server" or "key" or "briefs" or "catalog" or "out" or "emulator" or "timeout"))
            {
                return (null, $"unknown option --{name}");
            }

            values[name] = value;
        }

        if (!values.TryGetValue("server", out var serverText) || !TryParseHttpUri(serverText, out var server))
        {
            return (null, "--server must be an http(s) URL");
        }

        var key = values.GetValueOrDefault("key") ?? environment(Options.ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            return (null, $"--key (or ${Options.ApiKeyVariable}) is required");
        }

        Uri? emulator = null;
        if (values.TryGetValue("emulator", out var emulatorText) && !TryParseHttpUri(emulatorText, out emulator))
        {
            return (null, "--emulator must be an http(s) URL");
        }

        var timeout = TimeSpan.FromSeconds(600);
        if (values.TryGetValue("timeout", out var timeoutText))
        {
            if (!double.TryParse(timeoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
            {
                return (null, "--timeout must be a positive number of seconds");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        var options = new Options
        {
            Server = server!,
            ApiKey = key,
            Emulator = emulator,
            Timeout = timeout,
            Images = images,
        };
        return (options with
        {
            BriefsPath = values.GetValueOrDefault("briefs") ?? options.BriefsPath,
            CatalogPath = values.GetValueOrDefault("catalog") ?? options.CatalogPath,
            OutputDirectory = values.GetValueOrDefault("out") ?? options.OutputDirectory,
        }, null);
    }

    private static bool TryParseHttpUri(string text, out Uri? uri)
    {
        // A trailing slash makes relative paths ("api/jobs") resolve under the whole base address.
        var withSlash = text.EndsWith('/') ? text : text + "/";
        return Uri.TryCreate(withSlash, UriKind.Absolute, out uri) && uri.Scheme is "http" or "https";
    }
}

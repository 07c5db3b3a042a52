using System.Net.Http.Headers;
using Azure.Core;
using Azure.Identity;

namespace CatalogForge.AiEmulator.Recording;

/// <summary>
/// Sends a request on to the real endpoint in record mode: same path, query and body, with the upstream's own
/// credentials (a key from an environment variable, or a Microsoft Entra token) and nothing else of the caller's headers.
/// </summary>
internal sealed class UpstreamForwarder(EmulatorOptions options) : IDisposable
{
    private static readonly string[] CognitiveServicesScope = ["https://cognitiveservices.azure.com/.default"];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(10) };
    private readonly Uri _upstream = new(options.Upstream!.EndsWith('/') ? options.Upstream : options.Upstream + "/");
    private readonly TokenCredential? _credential = options.UpstreamAuth == UpstreamAuth.ManagedIdentity ? new DefaultAzureCredential() : null;

    public async Task<HttpResponseMessage> SendAsync(HttpRequest incoming, byte[] body, CancellationToken cancellationToken)
    {
        var target = new Uri(_upstream, incoming.Path.Value!.TrimStart('/') + incoming.QueryString.Value);
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await AuthenticateAsync(request, incoming.Path, cancellationToken);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private async Task AuthenticateAsync(HttpRequestMessage request, PathString path, CancellationToken cancellationToken)
    {
        if (_credential is not null)
        {
            var token = await _credential.GetTokenAsync(new TokenRequestContext(CognitiveServicesScope), cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            return;
        }

        var key = Environment.GetEnvironmentVariable(options.UpstreamKeyVariable);
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        // Azure's deployment routes take an api-key header; OpenAI-compatible v1 routes a bearer key.
        if (path.StartsWithSegments("/openai/deployments", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Add("api-key", key);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    public void Dispose() => _http.Dispose();
}

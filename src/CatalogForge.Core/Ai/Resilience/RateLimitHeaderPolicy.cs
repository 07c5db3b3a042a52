using System.ClientModel.Primitives;
using System.Globalization;

namespace CatalogForge.Core.Ai.Resilience;

/// <summary>
/// SDK pipeline policy of one deployment's client: hands every response's <c>x-ratelimit-remaining-requests</c> and
/// <c>x-ratelimit-remaining-tokens</c> (sent by Azure OpenAI, also with a 429) to the deployment's <see cref="RateLimitHeaderState"/>.
/// </summary>
public sealed class RateLimitHeaderPolicy(RateLimitHeaderState state) : PipelinePolicy
{
    public const string RemainingRequestsHeader = "x-ratelimit-remaining-requests";
    public const string RemainingTokensHeader = "x-ratelimit-remaining-tokens";

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Observe(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex);
        Observe(message);
    }

    private void Observe(PipelineMessage message)
    {
        if (message.Response?.Headers is not { } headers)
        {
            return;
        }

        var requests = Read(headers, RemainingRequestsHeader);
        var tokens = Read(headers, RemainingTokensHeader);
        if (requests is not null || tokens is not null)
        {
            state.Observe(requests, tokens);
        }
    }

    private static int? Read(PipelineResponseHeaders headers, string name) =>
        headers.TryGetValue(name, out var value)
        && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? (int)Math.Clamp(parsed, 0, int.MaxValue)
            : null;
}

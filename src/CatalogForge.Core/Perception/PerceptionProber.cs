using System.Globalization;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Perception;

/// <summary>
/// Asks the chat model every probe of a tenant's <see cref="BrandProfile"/> through the AI gateway (request cache,
/// budget, ledger, attributed to the tenant) with a <see cref="PerceptionSchema"/> response, and aggregates the answers
/// into a <see cref="PerceptionReport"/> compared with <c>previous</c>. A probe that fails (a classified model error or an
/// answer outside the schema) is listed in <see cref="PerceptionReport.Failures"/> and left out of the numbers.
/// </summary>
public sealed class PerceptionProber(IAiGateway ai, TimeProvider time, ILogger<PerceptionProber> logger)
{
    public const string Workload = "Perception";

    /// <param name="jobId">What the usage ledger attributes the calls to (the nightly run's <c>nightly-{runId}</c>); null for none.</param>
    /// <param name="asOf">
    /// The day the answers are for, told to the model: it makes the probes new questions each day (the request cache would
    /// otherwise answer every later day with the first day's answers), and the same questions again within a day.
    /// </param>
    public async Task<PerceptionReport> RunAsync(string tenantId, BrandProfile profile, PerceptionReport? previous, CancellationToken cancellationToken,
        string? jobId = null, DateOnly? asOf = null)
    {
        var schema = PerceptionSchema.For(profile);
        var system = SystemPrompt(profile, asOf);
        var answers = new List<ProbeAnswer>();
        var failures = new List<ProbeFailure>();
        var cost = 0m;
        var inputTokens = 0L;
        foreach (var probe in profile.Probes)
        {
            try
            {
                var result = await ai.GenerateJsonAsync(new AiCallContext(tenantId, jobId, Priority: JobPriority.Low), Workload, system, probe, schema,
                    PerceptionSchema.Name, cancellationToken);
                cost += result.Usage.CostUsd;
                inputTokens += result.Usage.CacheHit ? 0 : result.Usage.InputTokens;
                answers.Add(PerceptionAnswerReader.Read(profile, probe, result.Value));
            }
            catch (ClassifiedException ex)
            {
                logger.LogWarning(ex, "Perception probe of tenant {TenantId} failed with {ErrorClass}", tenantId, ex.ErrorClass);
                failures.Add(new ProbeFailure(probe, ex.ErrorClass.ToString(), ex.Message));
            }
            catch (FormatException ex)
            {
                logger.LogWarning("Perception probe of tenant {TenantId} got an answer outside the schema: {Reason}", tenantId, ex.Message);
                failures.Add(new ProbeFailure(probe, nameof(ErrorClass.InvalidOutput), ex.Message));
            }
        }

        return PerceptionAggregator.Aggregate(profile, answers, failures, previous, cost, time.GetUtcNow()) with { InputTokens = inputTokens };
    }

    private static string SystemPrompt(BrandProfile profile, DateOnly? asOf) =>
        $"""
        You answer a shopper's question as a knowledgeable shopping assistant, in the language "{profile.Language}".
        Name the brands or shops you would recommend, best first. For each give a sentiment from -1 (negative) to 1
        (positive) and a one-line reason. Write these names exactly as given: {string.Join(", ", profile.AllBrands.Select(n => $"\"{n}\""))};
        name any other brand "{BrandProfileRules.Other}".
        """ + (asOf is { } day ? $"\nAnswer as of {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}." : "");
}

using System.ComponentModel.DataAnnotations;
using Cronos;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Nightly;

/// <summary>The Server's keys of section <c>Nightly</c>: when its scheduler starts every tenant's run of the day.</summary>
public sealed class NightlySchedulerOptions
{
    public const string Section = "Nightly";

    /// <summary>Six-field cron in UTC (second minute hour day month day-of-week), the Functions timer's format.</summary>
    [Required]
    public string Schedule { get; set; } = "0 0 2 * * *";

    /// <summary>Off in a Server that must not start nightly runs (a second region, the tests).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>The parsed <see cref="Schedule"/> (a method: validation reads every property, and a bad schedule must be reported, not thrown).</summary>
    public CronExpression ParseCron() => CronExpression.Parse(Schedule, CronFormat.IncludeSeconds);
}

/// <summary>Stops the host at start when <c>Nightly:Schedule</c> is not a six-field cron expression, naming the setting.</summary>
internal sealed class NightlySchedulerOptionsValidator : IValidateOptions<NightlySchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, NightlySchedulerOptions options) =>
        CronExpression.TryParse(options.Schedule, CronFormat.IncludeSeconds, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{NightlySchedulerOptions.Section}:{nameof(NightlySchedulerOptions.Schedule)}: '{options.Schedule}' is not a six-field cron expression " +
                "(second minute hour day month day-of-week, UTC), e.g. '0 0 2 * * *'.");
}

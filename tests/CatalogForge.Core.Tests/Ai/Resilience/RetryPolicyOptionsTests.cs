using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.Configuration;

namespace CatalogForge.Core.Tests.Ai.Resilience;

public sealed class RetryPolicyOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_retry_only_transient_classes()
    {
        var options = new RetryPolicyOptions();
        Assert.Empty(options.Validate());
        Assert.Equal(5, options.AttemptsFor(ErrorClass.RateLimited));
        Assert.Equal(3, options.AttemptsFor(ErrorClass.ServerError));
        Assert.Equal(3, options.AttemptsFor(ErrorClass.Network));
        Assert.Equal(3, options.AttemptsFor(ErrorClass.Timeout));
        Assert.Equal(0, options.AttemptsFor(ErrorClass.Auth));
        Assert.Equal(0, options.AttemptsFor(ErrorClass.BadRequest));
        Assert.Equal(0, options.AttemptsFor(ErrorClass.QuotaExceeded));
        Assert.Equal(0, options.AttemptsFor(ErrorClass.Unknown));
    }

    [Fact]
    public void Invalid_settings_are_each_named()
    {
        var options = new RetryPolicyOptions
        {
            BaseDelay = TimeSpan.FromSeconds(10),
            MaxDelay = TimeSpan.FromSeconds(1),
            PerAttemptTimeout = TimeSpan.Zero,
            MaxFallbackCostMultiplier = 0,
        };
        options.Attempts[ErrorClass.ServerError] = -1;

        var errors = options.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("Ai:Retry:MaxFallbackCostMultiplier", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Ai:Retry:Attempts:ServerError", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxDelay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("PerAttemptTimeout", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new AiResiliencePipelineFactory(options));
    }

    [Fact]
    public void Binds_from_the_Ai_Retry_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ai:Retry:Attempts:RateLimited"] = "7",
            ["Ai:Retry:BaseDelay"] = "00:00:00.250",
            ["Ai:Retry:UseJitter"] = "false",
        }).Build();

        var options = configuration.GetSection(RetryPolicyOptions.Section).Get<RetryPolicyOptions>()!;

        Assert.Equal(7, options.AttemptsFor(ErrorClass.RateLimited));
        Assert.Equal(3, options.AttemptsFor(ErrorClass.ServerError));
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.BaseDelay);
        Assert.False(options.UseJitter);
    }
}

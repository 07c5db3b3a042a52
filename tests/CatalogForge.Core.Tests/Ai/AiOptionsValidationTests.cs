using System.ComponentModel.DataAnnotations;
using CatalogForge.Core.Ai;
using Microsoft.Extensions.Configuration;

namespace CatalogForge.Core.Tests.Ai;

/// <summary>Ai settings are checked at start: each problem is named by its key.</summary>
public sealed class AiOptionsValidationTests
{
    private static List<string> Errors(Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Providers:emulator:Kind"] = "Emulator",
            ["Providers:emulator:Endpoint"] = "http://127.0.0.1:5080/",
            ["Deployments:chat:Provider"] = "emulator",
            ["Deployments:chat:Deployment"] = "gpt-4o",
            ["Deployments:chat:Task"] = "Chat",
            ["Deployments:embed:Provider"] = "emulator",
            ["Deployments:embed:Deployment"] = "text-embedding-3-small",
            ["Deployments:embed:Task"] = "Embedding",
            ["Deployments:embed:Dimensions"] = "256",
            ["Deployments:image:Provider"] = "emulator",
            ["Deployments:image:Deployment"] = "dall-e-3",
            ["Deployments:image:Task"] = "Image",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var options = new AiOptions();
        new ConfigurationBuilder().AddInMemoryCollection(all).Build().Bind(options);
        return options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage!).ToList();
    }

    private static Dictionary<string, string?> OpenAiCompatible(string? variable, string? secretUri) => new()
    {
        ["Providers:other:Kind"] = "OpenAICompatible",
        ["Providers:other:Endpoint"] = "https://api.example.test/v1/",
        ["Providers:other:ApiKeyEnvironmentVariable"] = variable,
        ["Providers:other:ApiKeySecretUri"] = secretUri,
    };

    [Fact]
    public void The_baseline_is_valid() => Assert.Empty(Errors([]));

    [Theory]
    [InlineData("OTHER_KEY", null)]
    [InlineData(null, "https://my-vault.vault.azure.net/secrets/openai-key")]
    [InlineData(null, "https://my-vault.vault.azure.net/secrets/openai-key/0123456789abcdef0123456789abcdef")]
    public void An_OpenAI_compatible_provider_takes_its_key_from_exactly_one_source(string? variable, string? secretUri) =>
        Assert.Empty(Errors(OpenAiCompatible(variable, secretUri)));

    [Theory]
    [InlineData("OTHER_KEY", "https://my-vault.vault.azure.net/secrets/openai-key", "not both")]
    [InlineData(null, null, "needs its key from ApiKeySecretUri (Key Vault) or ApiKeyEnvironmentVariable")]
    [InlineData(null, "http://my-vault.vault.azure.net/secrets/openai-key", "is not a Key Vault secret URI")]
    [InlineData(null, "https://my-vault.vault.azure.net/keys/openai-key", "is not a Key Vault secret URI")]
    public void Key_source_mistakes_fail_start_up_naming_the_provider(string? variable, string? secretUri, string expected)
    {
        var error = Assert.Single(Errors(OpenAiCompatible(variable, secretUri)));
        Assert.StartsWith("Ai:Providers:other", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_written_into_configuration_is_refused()
    {
        var settings = OpenAiCompatible("OTHER_KEY", null);
        settings["Providers:other:ApiKey"] = "sk-pasted-by-mistake";

        var error = Assert.Single(Errors(settings));

        Assert.Contains("Ai:Providers:other:ApiKey: keys are never read from configuration", error, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-pasted-by-mistake", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Azure_OpenAI_provider_takes_no_key_source() =>
        Assert.Contains("takes no key", Assert.Single(Errors(new()
        {
            ["Providers:azure:Kind"] = "AzureOpenAI",
            ["Providers:azure:Endpoint"] = "https://my-openai.openai.azure.com/",
            ["Providers:azure:ApiKeySecretUri"] = "https://my-vault.vault.azure.net/secrets/openai-key",
        })), StringComparison.Ordinal);

    [Fact]
    public void An_image_price_table_must_price_the_deployments_own_size_and_quality()
    {
        var error = Assert.Single(Errors(new()
        {
            ["Deployments:image:ImageSize"] = "1792x1024",
            ["Deployments:image:ImageQuality"] = "hd",
            ["Deployments:image:ImagePrices:1024x1024:hd"] = "0.08",
            ["Deployments:image:ImagePrices:1792x1024:standard"] = "0.08",
        }));

        Assert.Equal("Ai:Deployments:image:ImagePrices has no price for size '1792x1024' and quality 'hd'.", error);
        Assert.Empty(Errors(new() { ["Deployments:image:ImageQuality"] = "hd", ["Deployments:image:ImagePrices:1024x1024:HD"] = "0.08" }));
        Assert.Contains("prices must not be negative", Assert.Single(Errors(new() { ["Deployments:image:PerImage"] = "-1" })), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RequestsPerMinute", "0")]
    [InlineData("RequestsPerMinute", "-6")]
    [InlineData("TokensPerMinute", "0")]
    [InlineData("TokensPerMinute", "-1000")]
    public void A_client_side_rate_limit_must_be_positive(string key, string value)
    {
        var errors = Errors(new() { [$"Deployments:chat:{key}"] = value });

        Assert.Equal($"Ai:Deployments:chat:{key} must be positive when set (was {value}).", Assert.Single(errors));
    }

    [Fact]
    public void Positive_client_side_rate_limits_are_valid() =>
        Assert.Empty(Errors(new() { ["Deployments:chat:RequestsPerMinute"] = "60", ["Deployments:chat:TokensPerMinute"] = "10000" }));
}

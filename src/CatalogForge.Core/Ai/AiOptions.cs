using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace CatalogForge.Core.Ai;

[JsonConverter(typeof(JsonStringEnumConverter<AiProviderKind>))]
public enum AiProviderKind
{
    /// <summary>Azure OpenAI reached with <c>DefaultAzureCredential</c> (managed identity in Azure).</summary>
    AzureOpenAI,

    /// <summary>Any endpoint that speaks the OpenAI v1 API; its key comes from an environment variable, never a file.</summary>
    OpenAICompatible,

    /// <summary>The in-repo emulator (CatalogForge.AiEmulator), spoken to through the Azure OpenAI routes.</summary>
    Emulator,
}

[JsonConverter(typeof(JsonStringEnumConverter<AiTask>))]
public enum AiTask
{
    Chat,
    Embedding,
    Image,
}

public sealed class AiProviderOptions
{
    public AiProviderKind Kind { get; set; }

    public Uri? Endpoint { get; set; }

    /// <summary>For <see cref="AiProviderKind.OpenAICompatible"/>: name of the environment variable holding the key.</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>
    /// For <see cref="AiProviderKind.OpenAICompatible"/>: the Key Vault secret holding the key,
    /// <c>https://&lt;vault&gt;.vault.azure.net/secrets/&lt;name&gt;[/&lt;version&gt;]</c>, read with <c>DefaultAzureCredential</c>.
    /// </summary>
    public Uri? ApiKeySecretUri { get; set; }

    /// <summary>Never used: bound only so that a key pasted into configuration fails start-up instead of being ignored.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>One model deployment: where it lives, what it costs and which tier of work it serves.</summary>
public sealed class AiDeploymentOptions
{
    public string Provider { get; set; } = "";

    /// <summary>The deployment name (Azure) or model id (OpenAI-compatible) sent on the wire.</summary>
    public string Deployment { get; set; } = "";

    public string Model { get; set; } = "";

    public AiTask Task { get; set; }

    public string Tier { get; set; } = "standard";

    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    /// <summary>Image deployments: the price of one image when <see cref="ImagePrices"/> has no entry for the size and quality.</summary>
    public decimal PerImage { get; set; }

    /// <summary>
    /// Image deployments: price of one image by size, then quality, e.g. <c>"1024x1024": { "standard": 0.04, "hd": 0.08 }</c>.
    /// The entry for <see cref="ImageSize"/> and <see cref="ImageQuality"/> is what an image costs.
    /// </summary>
    public Dictionary<string, Dictionary<string, decimal>> ImagePrices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Image deployments: the quality requested ("standard", "hd", or gpt-image's "low"/"medium"/"high"); empty sends none.</summary>
    public string ImageQuality { get; set; } = "";

    /// <summary>Embedding deployments: vector length requested and stored.</summary>
    public int Dimensions { get; set; }

    /// <summary>Image deployments: "WxH".</summary>
    public string ImageSize { get; set; } = "1024x1024";

    /// <summary>Chat deployments: the output budget per call.</summary>
    public int MaxOutputTokens { get; set; } = 1500;

    /// <summary>
    /// Client-side request limit, paced like Azure checks it (RPM/6 per 10 s window). Unset: derived from
    /// <see cref="TokensPerMinute"/> (6 RPM per 1,000 TPM) when that is set, else no client-side limit.
    /// </summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Client-side token limit over a sliding minute, charged with the estimated prompt plus max output tokens. Unset: none.</summary>
    public int? TokensPerMinute { get; set; }

    public const int DefaultRateLimitMarginMs = 250;

    /// <summary>
    /// How much longer than the provider's window the client-side limit counts a request, in ms: the provider counts
    /// from arrival, the client from sending, so this covers the trip. Raise it for a slow or jittery network path.
    /// </summary>
    public int RateLimitMarginMs { get; set; } = DefaultRateLimitMarginMs;

    /// <summary>What one image of this deployment's size and quality costs: the <see cref="ImagePrices"/> entry, else <see cref="PerImage"/>.</summary>
    public decimal ImagePrice() => TryGetImagePrice(out var price) ? price : PerImage;

    internal bool TryGetImagePrice(out decimal price)
    {
        price = 0;
        var bySize = ImagePrices.FirstOrDefault(p => string.Equals(p.Key, ImageSize, StringComparison.OrdinalIgnoreCase)).Value;
        var quality = ImageQuality.Length == 0 ? "standard" : ImageQuality;
        var entry = bySize?.FirstOrDefault(p => string.Equals(p.Key, quality, StringComparison.OrdinalIgnoreCase));
        if (entry is not { Key: not null } found)
        {
            return false;
        }

        price = found.Value;
        return true;
    }
}

/// <summary>Section <c>Ai</c>. Defaults (the emulator) come from the embedded ai-defaults.json; any setting overrides them.</summary>
public sealed class AiOptions : IValidatableObject
{
    public const string Section = "Ai";

    public Dictionary<string, AiProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, AiDeploymentOptions> Deployments { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which tier each kind of work uses, e.g. ProductContent → standard, Enrichment → economy.</summary>
    public Dictionary<string, string> Tiers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public int RequestTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// Last-resort prompts after a content-policy refusal of the full and the simplified prompt; <c>{subject}</c> is
    /// replaced by the product type (generate) or the SKU (enrich). A product made from one is marked degraded.
    /// </summary>
    public ContentPolicyPrompts ContentPolicy { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, provider) in Providers)
        {
            if (provider.Endpoint is null)
            {
                yield return new ValidationResult($"Ai:Providers:{name}:Endpoint is required.");
            }

            foreach (var error in ProviderKeySettings.Errors(name, provider))
            {
                yield return new ValidationResult(error);
            }
        }

        foreach (var (name, deployment) in Deployments)
        {
            if (!Providers.ContainsKey(deployment.Provider))
            {
                yield return new ValidationResult($"Ai:Deployments:{name}:Provider '{deployment.Provider}' is not a configured provider.");
            }

            if (string.IsNullOrWhiteSpace(deployment.Deployment))
            {
                yield return new ValidationResult($"Ai:Deployments:{name}:Deployment is required.");
            }

            if (deployment.Task == AiTask.Embedding && deployment.Dimensions <= 0)
            {
                yield return new ValidationResult($"Ai:Deployments:{name}:Dimensions must be positive for embedding deployments.");
            }

            if (deployment.Task == AiTask.Image && !ImageSize.TryParse(deployment.ImageSize, out _))
            {
                yield return new ValidationResult($"Ai:Deployments:{name}:ImageSize '{deployment.ImageSize}' is not WxH.");
            }

            if (deployment.InputPerMillion < 0 || deployment.OutputPerMillion < 0 || deployment.PerImage < 0
                || deployment.ImagePrices.Values.SelectMany(q => q.Values).Any(price => price < 0))
            {
                yield return new ValidationResult($"Ai:Deployments:{name}: prices must not be negative.");
            }

            if (deployment.RequestsPerMinute is <= 0)
            {
                yield return new ValidationResult($"Ai:Deployments:{name}:RequestsPerMinute must be positive when set (was {deployment.RequestsPerMinute}).");
            }

            if (deployment.RateLimitMarginMs is < 0 or > 10_000)
            {
                yield return new ValidationResult($"Ai:Deployments:{name}:RateLimitMarginMs must be between 0 and 10000 (was {deployment.RateLimitMarginMs}).");
            }

            if (deployment.TokensPerMinute is <= 0)
            {
                yield return new ValidationResult($"Ai:Deployments:{name}:TokensPerMinute must be positive when set (was {deployment.TokensPerMinute}).");
            }

            if (deployment.Task == AiTask.Image && deployment.ImagePrices.Count > 0 && !deployment.TryGetImagePrice(out _))
            {
                yield return new ValidationResult(
                    $"Ai:Deployments:{name}:ImagePrices has no price for size '{deployment.ImageSize}' and quality " +
                    $"'{(deployment.ImageQuality.Length == 0 ? "standard" : deployment.ImageQuality)}'.");
            }
        }

        foreach (var task in Enum.GetValues<AiTask>())
        {
            if (!Deployments.Values.Any(d => d.Task == task))
            {
                yield return new ValidationResult($"Ai:Deployments has no deployment for task {task}.");
            }
        }
    }
}

public sealed class ContentPolicyPrompts
{
    public string GenericGenerate { get; set; } =
        "Write a neutral, family-friendly catalog listing for a digital {subject} for a general audience.";

    public string GenericEnrich { get; set; } =
        "Write a neutral, family-friendly catalog listing for the product with SKU {subject}.";
}

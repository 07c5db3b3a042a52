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

    public decimal PerImage { get; set; }

    /// <summary>Embedding deployments: vector length requested and stored.</summary>
    public int Dimensions { get; set; }

    /// <summary>Image deployments: "WxH".</summary>
    public string ImageSize { get; set; } = "1024x1024";

    /// <summary>Chat deployments: the output budget per call.</summary>
    public int MaxOutputTokens { get; set; } = 1500;
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

            if (provider.Kind == AiProviderKind.OpenAICompatible && string.IsNullOrWhiteSpace(provider.ApiKeyEnvironmentVariable))
            {
                yield return new ValidationResult($"Ai:Providers:{name}:ApiKeyEnvironmentVariable is required for OpenAICompatible providers.");
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

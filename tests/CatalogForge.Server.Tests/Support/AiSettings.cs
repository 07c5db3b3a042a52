using Microsoft.Extensions.Configuration;

namespace CatalogForge.Server.Tests.Support;

/// <summary>Server AI settings for tests that need their own deployments.</summary>
internal static class AiSettings
{
    /// <summary>
    /// Two deployments per task on the emulator (chat: gpt-4o then gpt-4o-mini; embedding: text-embedding-3-small then
    /// text-embedding-3-small-b; image: dall-e-3 then dall-e-3-b), named with <paramref name="suffix"/> so the circuit
    /// breakers they open in the shared storage are this test's alone.
    /// </summary>
    public static Dictionary<string, string?> TwoDeploymentsPerTask(string suffix)
    {
        var settings = new Dictionary<string, string?>();
        void Add(string name, string deployment, string model, string task, string tier, decimal price, string? extraKey = null, string? extraValue = null)
        {
            var prefix = $"Ai:Deployments:{name}-{suffix}:";
            settings[prefix + "Provider"] = "emulator";
            settings[prefix + "Deployment"] = deployment;
            settings[prefix + "Model"] = model;
            settings[prefix + "Task"] = task;
            settings[prefix + "Tier"] = tier;
            settings[prefix + (task == "Image" ? "PerImage" : "InputPerMillion")] = price.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (extraKey is not null)
            {
                settings[prefix + extraKey] = extraValue;
            }
        }

        Add("chat-a", "gpt-4o", "gpt-4o", "Chat", "standard", 2.5m);
        Add("chat-b", "gpt-4o-mini", "gpt-4o-mini", "Chat", "economy", 0.15m);
        Add("embed-a", "text-embedding-3-small", "text-embedding-3-small", "Embedding", "standard", 0.02m, "Dimensions", "256");
        Add("embed-b", "text-embedding-3-small-b", "text-embedding-3-small", "Embedding", "standard", 0.03m, "Dimensions", "256");
        Add("image-a", "dall-e-3", "dall-e-3", "Image", "standard", 0.04m, "ImageSize", "256x256");
        Add("image-b", "dall-e-3-b", "dall-e-3", "Image", "standard", 0.05m, "ImageSize", "256x256");
        return settings;
    }

    /// <summary>A JSON settings file flattened to configuration keys, e.g. samples/chaos/server.json.</summary>
    public static Dictionary<string, string?> FromJsonFile(string path) =>
        new ConfigurationBuilder().AddJsonFile(path).Build().AsEnumerable()
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value);
}

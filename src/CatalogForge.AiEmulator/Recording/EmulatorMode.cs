namespace CatalogForge.AiEmulator;

/// <summary>Where answers come from.</summary>
public enum EmulatorMode
{
    /// <summary>Made up by the emulator (the default).</summary>
    Generate,

    /// <summary>Forwarded to <see cref="EmulatorOptions.Upstream"/>; each answer is stored in <see cref="EmulatorOptions.Recordings"/>.</summary>
    Record,

    /// <summary>Answered from <see cref="EmulatorOptions.Recordings"/>; a request never recorded is a 404 or, with <see cref="ReplayMiss.Generate"/>, generated.</summary>
    Replay,
}

/// <summary>What replay does with a request that has no recording.</summary>
public enum ReplayMiss
{
    /// <summary>404 naming the request hash.</summary>
    Error,

    /// <summary>Answer it as in <see cref="EmulatorMode.Generate"/>.</summary>
    Generate,
}

/// <summary>How record mode authenticates to the upstream.</summary>
public enum UpstreamAuth
{
    /// <summary>The key in the environment variable <see cref="EmulatorOptions.UpstreamKeyVariable"/> (no header when it is unset).</summary>
    Key,

    /// <summary>A Microsoft Entra token for Azure OpenAI (managed identity, or any credential DefaultAzureCredential finds).</summary>
    ManagedIdentity,
}

namespace CatalogForge.Core.Orchestration;

/// <summary>
/// Core names a workflow <c>ProductJob</c> and an activity <c>GenerateContent</c>; their Durable functions are
/// <c>ProductJobOrchestrator</c> and <c>GenerateContentActivity</c>.
/// </summary>
public static class DurableNames
{
    public const string OrchestratorSuffix = "Orchestrator";
    public const string ActivitySuffix = "Activity";

    public static string Orchestrator(string workflow) => workflow + OrchestratorSuffix;

    public static string Activity(string activity) => activity + ActivitySuffix;

    public static string Workflow(string orchestratorFunction) =>
        orchestratorFunction.EndsWith(OrchestratorSuffix, StringComparison.Ordinal)
            ? orchestratorFunction[..^OrchestratorSuffix.Length]
            : orchestratorFunction;
}

using System.Diagnostics.CodeAnalysis;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// Workflows and activities by name (case-insensitive, as Durable function names are). Registering the same type twice
/// is harmless; two types claiming one name is a startup error.
/// </summary>
internal sealed class WorkflowRegistry
{
    private readonly Dictionary<string, WorkflowRegistration> _workflows;
    private readonly Dictionary<string, ActivityRegistration> _activities;

    public WorkflowRegistry(IEnumerable<WorkflowRegistration> workflows, IEnumerable<ActivityRegistration> activities)
    {
        _workflows = Index(workflows, w => w.Name, w => w.Type, "workflow");
        _activities = Index(activities, a => a.Name, a => a.Type, "activity");
    }

    public bool TryGetWorkflow(string name, [NotNullWhen(true)] out WorkflowRegistration? registration) =>
        _workflows.TryGetValue(name, out registration);

    public WorkflowRegistration GetWorkflow(string name) =>
        _workflows.TryGetValue(name, out var registration)
            ? registration
            : throw new InvalidOperationException(
                $"Workflow '{name}' is not registered. Register it with AddWorkflowEngine(...).AddWorkflow<TWorkflow, TInput, TOutput>().");

    public ActivityRegistration GetActivity(string name) =>
        _activities.TryGetValue(name, out var registration)
            ? registration
            : throw new InvalidOperationException(
                $"Activity '{name}' is not registered. Register it with AddWorkflowEngine(...).AddActivity<TActivity, TInput, TOutput>().");

    private static Dictionary<string, T> Index<T>(IEnumerable<T> items, Func<T, string> name, Func<T, Type> type, string kind)
    {
        var index = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            if (string.IsNullOrWhiteSpace(name(item)))
            {
                throw new InvalidOperationException($"The {kind} {type(item).FullName} has an empty Name.");
            }

            if (index.TryGetValue(name(item), out var existing) && type(existing) != type(item))
            {
                throw new InvalidOperationException(
                    $"The {kind} name '{name(item)}' is used by both {type(existing).FullName} and {type(item).FullName}.");
            }

            index[name(item)] = item;
        }

        return index;
    }
}

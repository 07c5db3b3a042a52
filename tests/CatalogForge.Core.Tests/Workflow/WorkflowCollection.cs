namespace CatalogForge.Core.Tests.Workflow;

/// <summary>
/// Workflow tests share the WorkflowInstances table and some start hosts that resume every Running instance they find,
/// so they run one at a time (other test classes of the assembly still run in parallel with them).
/// </summary>
[CollectionDefinition(Name)]
public sealed class WorkflowCollection
{
    public const string Name = "Workflow engine (shared tables)";
}

using System.Reflection;
using CatalogForge.Core.Pipeline.Workflows;
using CatalogForge.Core.Orchestration;
using CatalogForge.Functions.Durable;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Tests.Durable;

/// <summary>Every workflow and activity Core defines has its Durable function, with the matching name and input type.</summary>
public sealed class DurableFunctionCoverageTests
{
    [Fact]
    public void Every_Core_activity_has_an_activity_function_taking_its_input()
    {
        var functions = Functions<ActivityTriggerAttribute>();

        foreach (var (type, name, input) in CoreTasks(typeof(IActivity<,>)))
        {
            Assert.True(functions.TryGetValue(DurableNames.Activity(name), out var parameter), $"No activity function for {type.Name}.");
            Assert.Equal(input, parameter.ParameterType);
        }
    }

    [Fact]
    public void Every_Core_workflow_has_an_orchestrator_function()
    {
        var functions = Functions<OrchestrationTriggerAttribute>();

        foreach (var (type, name, _) in CoreTasks(typeof(IWorkflow<,>)))
        {
            Assert.True(functions.ContainsKey(DurableNames.Orchestrator(name)), $"No orchestrator function for {type.Name}.");
        }
    }

    private static Dictionary<string, ParameterInfo> Functions<TTrigger>()
        where TTrigger : Attribute =>
        typeof(PipelineActivities).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods())
            .Select(method => (Function: method.GetCustomAttribute<FunctionAttribute>(),
                Trigger: method.GetParameters().FirstOrDefault(p => p.GetCustomAttribute<TTrigger>() is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .ToDictionary(f => f.Function!.Name, f => f.Trigger!);

    private static IEnumerable<(Type Type, string Name, Type Input)> CoreTasks(Type openInterface) =>
        typeof(ProductJobWorkflow).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false })
            .Select(type => (Type: type, Interface: type.GetInterfaces()
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface)))
            .Where(t => t.Interface is not null)
            .Select(t => (t.Type, (string)t.Type.GetProperty("Name", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!,
                t.Interface!.GetGenericArguments()[0]));
}

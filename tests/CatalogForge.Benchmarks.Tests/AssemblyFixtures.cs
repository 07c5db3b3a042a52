// One Azurite for the assembly. The tests run one at a time: the crash test's restarted Server resumes every workflow
// left Running in the storage account, and the timings of the smoke runs would only disturb each other.
[assembly: Xunit.AssemblyFixture(typeof(CatalogForge.Testing.AzuriteFixture))]
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

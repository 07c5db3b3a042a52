[assembly: Xunit.AssemblyFixture(typeof(CatalogForge.Testing.AzuriteFixture))]

using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using StoreSync.Tests.Platform;

namespace StoreSync.Tests.Deploy;

/// <summary>
/// The deployment (infra/*.bicep, azure.yaml, hooks, docs/deploy.md, host.json and the published functions.metadata) cannot be
/// exercised against Azure here, so it is cross-checked against the code and itself. Settings are discovered from the code
/// (options classes by reflection, their sections and direct configuration keys from the sources) and from the published
/// bindings (%Setting% expressions, connections), so new features are covered without editing this file. Settings of the
/// development host (src/StoreSync.LocalHost, never deployed) are development-only: documented apart, never app settings.
/// </summary>
[Collection(PublishedFunctionsAppCollection.Name)]
public sealed class DeploymentConsistencyTests(PublishedFunctionsApp app)
{
    private static readonly string Root = PublishedFunctionsApp.RepoRoot;
    private static readonly Assembly FunctionsAssembly = typeof(StoreSync.Functions.Hosting.PlatformSetup).Assembly;
    private static readonly Assembly LocalHostAssembly = typeof(StoreSync.LocalHost.LocalHostEntryPoint).Assembly;
    private static readonly string LocalHostSources = Path.Combine(Root, "src", "StoreSync.LocalHost") + Path.DirectorySeparatorChar;
    private static readonly HashSet<string> ShellVariables = ["BASH_SOURCE", "HOME", "PATH", "PWD", "OLDPWD", "IFS", "RANDOM", "LINENO", "SECONDS"];
    private static readonly Regex SettingExpression = new("%([^%]+)%");

    // ---- app settings: code ↔ docs/deploy.md ↔ functionapp.bicep -----------------------------------------------

    [Fact]
    public void EveryOptionsClassIsBoundToAConfigurationSection()
    {
        var bound = BoundOptions().Select(b => b.Type).ToHashSet();
        var unbound = OptionsClasses().Where(t => !bound.Contains(t)).Select(t => t.FullName).ToList();
        Assert.True(unbound.Count == 0,
            "Options classes with no section binding found in src (AddOptions<T>().Bind(config.GetSection(\"X\")) or " +
            $".BindConfiguration(\"X\")), so their settings cannot be documented or deployed (or they are dead code): {string.Join(", ", unbound)}");
    }

    [Fact]
    public void EveryAppSettingTheCodeReadsIsDocumentedInDeployMd()
    {
        var documented = DocsRows().SelectMany(r => r.Names).ToHashSet(StringComparer.Ordinal);
        var missing = CodeSettings().Where(s => !s.DevelopmentOnly).Select(s => s.Name).Where(n => !documented.Contains(n)).Distinct().Order().ToList();
        Assert.True(missing.Count == 0, "Settings read by the Functions app but missing from the table in docs/deploy.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void DevelopmentHostSettingsAreDocumentedAsDevelopmentOnlyAndNeverDeployed()
    {
        // A setting the Functions app reads too (e.g. AzureWebJobsStorage, DurableTaskHub) is an app setting, not a development-only one.
        var shared = CodeSettings().Where(s => !s.DevelopmentOnly).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var dev = CodeSettings().Where(s => s.DevelopmentOnly && !shared.Contains(s.Name)).Select(s => s.Name).Distinct().ToList();
        Assert.Contains("STORESYNC_PORT", dev);
        Assert.Contains(dev, n => n.StartsWith("LocalHost__", StringComparison.Ordinal));
        var devDocs = DevelopmentRows().SelectMany(r => r.Names).ToHashSet(StringComparer.Ordinal);
        var undocumented = dev.Where(n => !devDocs.Contains(n)).Order().ToList();
        Assert.True(undocumented.Count == 0, $"Development-host settings missing from \"{DevelopmentSection}\" in docs/deploy.md: " + string.Join(", ", undocumented));
        var appTable = DocsRows().SelectMany(r => r.Names).ToHashSet(StringComparer.Ordinal);
        var bicep = AllBicepAppSettings();
        foreach (var name in dev)
        {
            Assert.False(appTable.Contains(name), $"{name} belongs to the development host; it is not an app setting of the Functions app");
            Assert.False(bicep.ContainsKey(name), $"functionapp.bicep sets {name}, a setting of the development host, which is never deployed");
        }
        Assert.DoesNotContain(bicep.Keys, k => k.StartsWith("LocalHost__", StringComparison.Ordinal) || k.StartsWith("Standalone__", StringComparison.Ordinal));
    }

    [Fact]
    public void RequiredSettingsAreSetByBicep()
    {
        var bicep = BicepAppSettings();
        var rows = DocsRows();
        var notDeployed = CodeSettings().Where(s => s is { Required: true, DevelopmentOnly: false })
            .Where(s => !(rows.FirstOrDefault(r => r.Names.Contains(s.Name))?.Names ?? [s.Name]).Any(bicep.ContainsKey))
            .Select(s => s.Name).ToList();
        Assert.True(notDeployed.Count == 0, "[Required] settings that infra/modules/functionapp.bicep does not set (under this name or an alias " +
            "documented in the same row of docs/deploy.md): " + string.Join(", ", notDeployed));
    }

    [Fact]
    public void DeployMdSaysWhichSettingsBicepSetsAndBicepAgrees()
    {
        var bicep = AllBicepAppSettings();
        var rows = DocsRows();
        var undocumented = bicep.Keys.Where(k => !rows.Any(r => r.Names.Contains(k))).ToList();
        Assert.True(undocumented.Count == 0, "Set by functionapp.bicep but not documented in docs/deploy.md: " + string.Join(", ", undocumented));
        foreach (var row in rows)
        {
            var inBicep = row.Names.Any(bicep.ContainsKey);
            var saysBicep = row.SetBy.Contains("functionapp.bicep", StringComparison.Ordinal);
            Assert.True(inBicep == saysBicep,
                $"docs/deploy.md says {string.Join("/", row.Names)} is {(saysBicep ? "" : "not ")}set by Bicep, but functionapp.bicep {(inBicep ? "sets" : "does not set")} it.");
        }
    }

    [Fact]
    public void BicepSettingsOfAKnownOptionsSectionNameARealProperty()
    {
        var known = CodeSettings().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var sections = BoundOptions().Select(b => b.Section.Replace(":", "__") + "__").ToList();
        var typos = AllBicepAppSettings().Keys
            .Where(k => sections.Any(s => k.StartsWith(s, StringComparison.Ordinal)) && !known.Contains(k)).ToList();
        Assert.True(typos.Count == 0, "functionapp.bicep sets settings that no options property reads (typo?): " + string.Join(", ", typos));
    }

    [Fact]
    public void SecretsReachTheAppOnlyThroughKeyVaultReferences()
    {
        var secretNames = new Regex(@"(Password|ApiKey|Secret)$|^STORESYNC_DB$");
        foreach (var (name, value) in AllBicepAppSettings().Where(kv => secretNames.IsMatch(kv.Key)))
            Assert.True(value.StartsWith("'@Microsoft.KeyVault(SecretUri=${", StringComparison.Ordinal),
                $"{name} must be a Key Vault reference in functionapp.bicep, not {value}");
        var keyVault = Read("infra", "modules", "keyvault.bicep");
        Assert.Contains("enableRbacAuthorization: true", keyVault);
        Assert.Contains("4633458b-17de-408a-b874-0445c86b69e6", keyVault); // Key Vault Secrets User
        Assert.Contains("keyVaultReferenceIdentity: identityId", Read("infra", "modules", "functionapp.bicep"));
    }

    // ---- identity-based connections ------------------------------------------------------------------------------

    [Fact]
    public void HostStorageIsIdentityBasedWithTheRolesOfHostBlobTriggerAndDurableTaskHub()
    {
        var bicep = BicepAppSettings();
        // The connection the host, the blob trigger and the Durable Azure Storage backend read: no connection string.
        Assert.False(bicep.ContainsKey("AzureWebJobsStorage"), "AzureWebJobsStorage must not be a connection string on Azure");
        Assert.Equal("storageBlobEndpoint", bicep["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal("storageQueueEndpoint", bicep["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal("storageTableEndpoint", bicep["AzureWebJobsStorage__tableServiceUri"]);
        Assert.Equal("'managedidentity'", bicep["AzureWebJobsStorage__credential"]);
        Assert.Equal("identityClientId", bicep["AzureWebJobsStorage__clientId"]); // the user-assigned identity

        var storage = Read("infra", "modules", "storage.bicep");
        Assert.Matches(@"allowSharedKeyAccess:\s*false", storage);
        Assert.Contains("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", storage); // Storage Blob Data Owner
        Assert.Contains("974c5e8b-45b9-4653-ba55-5f855dd0fb88", storage); // Storage Queue Data Contributor
        Assert.Contains("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", storage); // Storage Table Data Contributor (Durable)
        foreach (var file in BicepFiles())
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("AccountKey=", text);
            Assert.False(Regex.IsMatch(text, @"storage\w*\.listKeys\(", RegexOptions.IgnoreCase), $"{Path.GetFileName(file)} reads storage account keys");
        }
        // The deployment package is read with the same identity.
        Assert.Matches(@"authentication:\s*\{\s*type:\s*'UserAssignedIdentity'", Read("infra", "modules", "functionapp.bicep"));
    }

    [Fact]
    public void EveryConnectionAndSettingTheBindingsNameIsSetByBicepAndDocumented()
    {
        var bicep = AllBicepAppSettings();
        var documented = DocsRows().SelectMany(r => r.Names).ToHashSet(StringComparer.Ordinal);
        foreach (var function in app.Functions)
        foreach (var binding in function.GetProperty("bindings").EnumerateArray())
        foreach (var property in binding.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
        {
            var where = $"{function.GetProperty("name").GetString()}.{binding.GetProperty("name").GetString()}.{property.Name}";
            foreach (Match m in SettingExpression.Matches(property.Value.GetString()!))
            {
                Assert.True(bicep.ContainsKey(m.Groups[1].Value), $"{where} reads %{m.Groups[1].Value}%, which functionapp.bicep does not set");
                Assert.True(documented.Contains(m.Groups[1].Value), $"{where} reads %{m.Groups[1].Value}%, which docs/deploy.md does not document");
            }
            if (property.Name == "connection")
            {
                var connection = property.Value.GetString()!;
                Assert.True(bicep.Keys.Any(k => k.StartsWith(connection + "__", StringComparison.Ordinal)) && !bicep.ContainsKey(connection),
                    $"{where}: the connection {connection} must be identity-based in functionapp.bicep ({connection}__...), not a connection string");
            }
        }
    }

    [Fact]
    public void TheImportsContainerSettingNamesTheContainerTheBicepCreates()
    {
        var main = Read("infra", "main.bicep");
        var container = Regex.Match(main, @"^var importsContainerName = '([^']+)'", RegexOptions.Multiline).Groups[1].Value;
        Assert.Equal(StoreSync.Functions.Imports.ImportBlobs.DefaultContainer, container);
        Assert.Equal("importsContainerName", BicepAppSettings()[StoreSync.Functions.Imports.ImportBlobs.ContainerSetting]);
        foreach (var module in new[] { "storage", "api" })
            Assert.Matches(@"importsContainerName:\s*importsContainerName", ModuleBody(main, module));
        var storage = Read("infra", "modules", "storage.bicep");
        Assert.Matches(@"resource importsContainer '[^']+' = \{\s*parent: blobs\s*name: importsContainerName", storage);
        // The Event Grid system topic on the account feeds the blob trigger (subscription: infra/hooks/postdeploy.sh).
        Assert.Contains("topicType: 'Microsoft.Storage.StorageAccounts'", storage);
    }

    [Fact]
    public void PostdeployHookSubscribesEveryEventGridBlobTriggerOfTheMetadata()
    {
        var hook = Read("infra", "hooks", "postdeploy.sh");
        var blobFunctions = app.Functions.Where(f => PublishedFunctionsApp.Trigger(f).GetProperty("type").GetString() == "blobTrigger").ToList();
        Assert.NotEmpty(blobFunctions);
        foreach (var function in blobFunctions)
        {
            var trigger = PublishedFunctionsApp.Trigger(function);
            Assert.Equal("EventGrid", trigger.GetProperty("source").GetString()); // Flex Consumption has no polling blob trigger
            Assert.Contains($"/runtime/webhooks/blobs?functionName=Host.Functions.{function.GetProperty("name").GetString()}&code=$key", hook);
        }
        Assert.Contains("systemKeys.blobs_extension", hook);
        Assert.Contains("--included-event-types Microsoft.Storage.BlobCreated", hook);
        Assert.Contains("--subject-begins-with \"/blobServices/default/containers/$IMPORTS_CONTAINER_NAME/\"", hook);
        Assert.Matches(@"output IMPORTS_CONTAINER_NAME string = importsContainerName", Read("infra", "main.bicep"));
    }

    // ---- the Functions app: Flex Consumption, host.json, worker -----------------------------------------------------

    [Fact]
    public void FlexConsumptionRunsDotnetIsolatedOnTheFrameworkTheAppTargets()
    {
        var functionApp = Read("infra", "modules", "functionapp.bicep");
        Assert.Matches(@"sku:\s*\{\s*name:\s*'FC1'\s*tier:\s*'FlexConsumption'", functionApp);
        Assert.Contains("kind: 'functionapp,linux'", functionApp);
        var runtime = Regex.Match(functionApp, @"runtime:\s*\{\s*name:\s*'([^']+)'\s*version:\s*(\w+)");
        Assert.True(runtime.Success, "functionAppConfig.runtime must name the runtime and its version");
        Assert.Equal(app.Json("worker.config.json").GetProperty("description").GetProperty("language").GetString(), runtime.Groups[1].Value);
        Assert.Equal("dotnet-isolated", runtime.Groups[1].Value);
        Assert.Equal("runtimeVersion", runtime.Groups[2].Value);
        Assert.Matches(@"runtimeVersion:\s*functionRuntimeVersion", ModuleBody(Read("infra", "main.bicep"), "api"));
        var version = Regex.Match(Read("infra", "main.bicep"), @"^param functionRuntimeVersion string = '([^']+)'", RegexOptions.Multiline).Groups[1].Value;
        var framework = Regex.Match(Read("Directory.Build.props"), @"<TargetFramework>net(\d+\.\d+)</TargetFramework>").Groups[1].Value;
        Assert.Equal(framework, version);
        // Flex Consumption rejects these; the runtime comes from functionAppConfig.
        foreach (var deprecated in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE",
                     "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "AzureWebJobsFeatureFlags" })
            Assert.False(AllBicepAppSettings().ContainsKey(deprecated), $"{deprecated} is not allowed on Flex Consumption");

        // Core Tools, where someone has it, reads the same worker runtime from local.settings.json.
        using var local = JsonDocument.Parse(Read("local.settings.example.json"));
        Assert.Equal("dotnet-isolated", local.RootElement.GetProperty("Values").GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }

    [Fact]
    public void HostJsonHasNoCustomHandlerAndItsDurableSettingsResolve()
    {
        var host = app.Json("host.json");
        Assert.False(host.TryGetProperty("customHandler", out _), "host.json must not configure a custom handler");
        Assert.False(host.TryGetProperty("extensionBundle", out _), "the isolated worker brings its own extensions");
        var bicep = AllBicepAppSettings();
        foreach (Match m in SettingExpression.Matches(host.GetRawText()))
            Assert.True(bicep.ContainsKey(m.Groups[1].Value), $"host.json reads %{m.Groups[1].Value}%, which functionapp.bicep does not set");
        if (!host.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("durableTask", out var durable)) return;

        // One task hub per app, named by the DurableTaskHub setting (the same name works for either backend).
        Assert.Equal("%DurableTaskHub%", durable.GetProperty("hubName").GetString());
        var provider = durable.TryGetProperty("storageProvider", out var p) ? p : default;
        var type = provider.ValueKind == JsonValueKind.Object && provider.TryGetProperty("type", out var t) ? t.GetString() : "AzureStorage";
        if (string.Equals(type, "azureManaged", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Equal("DURABLE_TASK_SCHEDULER_CONNECTION_STRING", provider.GetProperty("connectionStringName").GetString());
            Assert.Contains("Authentication=ManagedIdentity", bicep["DURABLE_TASK_SCHEDULER_CONNECTION_STRING"]);
        }
        else
        {
            Assert.Equal("AzureStorage", type, ignoreCase: true);
            var connection = provider.ValueKind == JsonValueKind.Object && provider.TryGetProperty("connectionName", out var c) ? c.GetString() : "AzureWebJobsStorage";
            Assert.Equal("AzureWebJobsStorage", connection); // the identity-based connection above
            if (provider.ValueKind == JsonValueKind.Object && provider.TryGetProperty("partitionCount", out var partitions))
                Assert.InRange(partitions.GetInt32(), 1, 16);
        }
    }

    [Fact]
    public void DurableTaskSchedulerIsReachedByIdentityOnly()
    {
        var dts = Read("infra", "modules", "durabletaskscheduler.bicep");
        Assert.Contains("0ad04412-c4d5-4796-b79c-f76d14c8d402", dts); // Durable Task Data Contributor
        Assert.Matches(@"scope:\s*taskHub", dts);
        Assert.Equal("'Endpoint=${durableTaskSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'",
            ConditionalBicepAppSettings()["DURABLE_TASK_SCHEDULER_CONNECTION_STRING"]);
        Assert.Matches(@"module durableTaskScheduler '[^']+' = if \(durableTaskBackend == 'DurableTaskScheduler'\)", Read("infra", "main.bicep"));
        Assert.Matches(@"taskHubName:\s*durableTaskHubName", ModuleBody(Read("infra", "main.bicep"), "durableTaskScheduler"));
        Assert.Equal("durableTaskHubName", BicepAppSettings()["DurableTaskHub"]);
    }

    [Fact]
    public void WorkflowsBuildTheIsolatedAppAndCompileTheBicepWithTheNuGetCli()
    {
        var workflows = Directory.GetFiles(Path.Combine(Root, ".github", "workflows"), "*.yml");
        Assert.NotEmpty(workflows);
        foreach (var file in workflows)
        {
            var text = File.ReadAllText(file);
            foreach (var stale in new[] { "package-api", "custom handler", "custom-handler", "az bicep install", "function.json" })
                Assert.False(text.Contains(stale, StringComparison.OrdinalIgnoreCase), $"{Path.GetFileName(file)} still mentions {stale}");
        }
        Assert.Contains("bash scripts/bicep.sh", Read(".github", "workflows", "ci.yml"));
        var project = Read("infra", "bicep", "Bicep.csproj");
        Assert.Matches(@"Include=""Azure\.Bicep\.CommandLine\.linux-x64""[^>]*ExcludeAssets=""all""[^>]*GeneratePathProperty=""true""", project);
        Assert.Contains(@"<PackageVersion Include=""Azure.Bicep.CommandLine.linux-x64"" Version=""0.49.2"" />", Read("Directory.Packages.props"));
        Assert.DoesNotContain("Bicep.csproj", Read("StoreSync.sln")); // restored only by scripts/bicep.sh
    }

    // ---- Bicep, checked offline (no Bicep CLI here; CI compiles and lints it) --------------------------------------

    [Fact]
    public void BicepFilesAreBalancedUseEveryParameterAndPinApiVersions()
    {
        foreach (var file in BicepFiles())
        {
            var name = Path.GetRelativePath(Root, file);
            var code = StripStringsAndComments(File.ReadAllText(file));
            var stack = new Stack<char>();
            foreach (var c in code)
            {
                if (c is '{' or '[' or '(') stack.Push(c);
                else if (c is '}' or ']' or ')')
                {
                    Assert.True(stack.Count > 0 && stack.Pop() == c switch { '}' => '{', ']' => '[', _ => '(' }, $"{name}: unbalanced '{c}'");
                }
            }
            Assert.True(stack.Count == 0, $"{name}: {stack.Count} unclosed bracket(s)");

            foreach (var param in BicepParams(file).Keys)
                Assert.True(Regex.Matches(code, $@"\b{param}\b").Count >= 2, $"{name}: param {param} is never used");

            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"^\s*resource\s+\w+\s+'([^']+)'", RegexOptions.Multiline))
                Assert.Matches(@"^[A-Za-z.]+/[A-Za-z/]+@\d{4}-\d{2}-\d{2}(-preview)?$", m.Groups[1].Value);
        }
    }

    [Fact]
    public void ModulesExistAndReceiveExactlyTheParametersTheyDeclare()
    {
        var mainFile = Path.Combine(Root, "infra", "main.bicep");
        var main = File.ReadAllText(mainFile);
        var modules = Regex.Matches(main, @"^module\s+(\w+)\s+'([^']+)'\s*=\s*(?:if\s*\([^)]*\)\s*)?\{", RegexOptions.Multiline);
        Assert.NotEmpty(modules);
        foreach (Match module in modules)
        {
            var path = Path.Combine(Root, "infra", module.Groups[2].Value);
            Assert.True(File.Exists(path), $"module {module.Groups[1].Value}: {module.Groups[2].Value} does not exist");
            var body = Block(main, module.Index + module.Length - 1);
            var paramsAt = Regex.Match(body, @"\bparams:\s*\{");
            var passed = paramsAt.Success ? TopLevelKeys(Block(body, paramsAt.Index + paramsAt.Length - 1)).Keys.ToHashSet() : [];
            var declared = BicepParams(path);
            var unknown = passed.Except(declared.Keys).ToList();
            var missing = declared.Where(p => !p.Value).Select(p => p.Key).Except(passed).ToList();
            Assert.True(unknown.Count == 0, $"module {module.Groups[1].Value} is passed params it does not declare: {string.Join(", ", unknown)}");
            Assert.True(missing.Count == 0, $"module {module.Groups[1].Value} is not passed its required params: {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void ParametersFileCoversMainBicepWithAzdEnvironmentValues()
    {
        var declared = BicepParams(Path.Combine(Root, "infra", "main.bicep"));
        using var file = JsonDocument.Parse(Read("infra", "main.parameters.json"));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().ToList();
        Assert.All(given, p => Assert.True(declared.ContainsKey(p.Name), $"main.parameters.json sets {p.Name}, which main.bicep does not declare"));
        Assert.All(given, p => Assert.Matches(@"^\$\{[A-Z][A-Z0-9_]*(=[^}]*)?\}$", p.Value.GetProperty("value").GetString()));
        var missing = declared.Where(p => !p.Value).Select(p => p.Key).Except(given.Select(p => p.Name)).ToList();
        Assert.True(missing.Count == 0, "main.bicep params without a default that main.parameters.json does not map: " + string.Join(", ", missing));
    }

    [Fact]
    public void HookScriptsExistAndReadOnlyWhatMainBicepOutputs()
    {
        var outputs = Regex.Matches(Read("infra", "main.bicep"), @"^output\s+(\w+)\s", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var scripts = HookScripts();
        Assert.NotEmpty(scripts);
        foreach (var (script, file) in scripts)
        {
            Assert.True(File.Exists(file), $"azure.yaml runs {script}, which does not exist relative to the hook's working folder");
            if (!OperatingSystem.IsWindows()) Assert.True(File.GetUnixFileMode(file).HasFlag(UnixFileMode.UserExecute), $"{script} is not executable");

            var text = File.ReadAllText(file);
            var assigned = Regex.Matches(text, @"^\s*(?:local\s+)?([A-Za-z_]\w*)=", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
            var read = Regex.Matches(text, @"\$\{?([A-Z][A-Z0-9_]+)").Select(m => m.Groups[1].Value).Where(v => !assigned.Contains(v) && !ShellVariables.Contains(v)).Distinct();
            Assert.All(read, v => Assert.True(outputs.Contains(v), $"{script} reads ${v}, which infra/main.bicep does not output"));
        }
        // azd builds the api itself (dotnet publish of the Functions project): no prebuilt dist, no packaging hook.
        var api = AzureYamlService("api");
        Assert.Equal("dotnet", api["language"]);
        Assert.Equal("function", api["host"]);
        Assert.True(File.Exists(Path.Combine(Root, api["project"], "StoreSync.Functions.csproj")), $"azure.yaml's api project {api["project"]} is not the Functions project");
        Assert.False(api.ContainsKey("dist"), "azd publishes the dotnet project itself; dist is for prebuilt packages");
        Assert.DoesNotContain("prepackage", Read("azure.yaml"));
        Assert.Equal("staticwebapp", AzureYamlService("web")["host"]);
    }

    [Fact]
    public void StaticWebAppFallsBackToTheSpaExceptForAssetsAndConfig()
    {
        using var doc = JsonDocument.Parse(Read("frontend", "public", "staticwebapp.config.json"));
        var fallback = doc.RootElement.GetProperty("navigationFallback");
        Assert.Equal("/index.html", fallback.GetProperty("rewrite").GetString());
        var exclude = fallback.GetProperty("exclude").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("/assets/*", exclude);
        Assert.Contains("/config.js", exclude);
        var headers = doc.RootElement.GetProperty("globalHeaders");
        Assert.Contains("connect-src 'self' https://*.azurewebsites.net", headers.GetProperty("Content-Security-Policy").GetString());
        Assert.Equal("nosniff", headers.GetProperty("X-Content-Type-Options").GetString());
    }

    // ---- discovery -----------------------------------------------------------------------------------------------

    /// <summary>A setting read by the code; <paramref name="DevelopmentOnly"/> when only the development host reads it.</summary>
    private sealed record Setting(string Name, bool Required, bool DevelopmentOnly);

    private sealed record DocsRow(string[] Names, string Default, string SetBy);

    private sealed record Binding(Type Type, string Section);

    private const string AppSettingsSection = "## 3. App settings";
    private const string DevelopmentSection = "## 4. Development host settings";

    /// <summary>Public options classes: *Options with a parameterless constructor and settable properties, in the app's assemblies
    /// and the development host's (whose options are development-only).</summary>
    private static IEnumerable<Type> OptionsClasses() => new[] { FunctionsAssembly, typeof(StoreSync.Data.Db.DapperSetup).Assembly, LocalHostAssembly }
        .SelectMany(a => a.GetTypes())
        .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && t.Name.EndsWith("Options", StringComparison.Ordinal)
                    && t.GetConstructor(Type.EmptyTypes) is not null && t.GetMethod("<Clone>$") is null
                    && SettableProperties(t).Any());

    private static IEnumerable<PropertyInfo> SettableProperties(Type t) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);

    /// <summary>Where the sources bind options types to configuration sections.</summary>
    private static List<Binding> BoundOptions()
    {
        var patterns = new[]
        {
            @"AddOptions<(?<type>\w+)>\(\)\s*\.Bind\(\s*[\w.]+\.GetSection\(\s*(?<section>[^)]+?)\s*\)\s*\)",
            @"AddOptions<(?<type>\w+)>\(\)\s*\.BindConfiguration\(\s*(?<section>[^),]+?)\s*[,)]",
            @"Configure<(?<type>\w+)>\(\s*[\w.]+\.GetSection\(\s*(?<section>[^)]+?)\s*\)\s*\)",
        };
        var types = OptionsClasses().ToDictionary(t => t.Name);
        return SourceFiles().SelectMany(f => patterns.SelectMany(p => Regex.Matches(File.ReadAllText(f), p)))
            .Where(m => types.ContainsKey(m.Groups["type"].Value))
            .Select(m => new Binding(types[m.Groups["type"].Value], ResolveString(m.Groups["section"].Value)))
            .DistinctBy(b => b.Type).ToList();
    }

    /// <summary>Every setting the code reads: options properties (Section__Property) and keys read directly. A setting read only by
    /// the development host (its options classes, its sources) is development-only.</summary>
    private static List<Setting> CodeSettings()
    {
        var read = new List<Setting>();
        foreach (var binding in BoundOptions()) AddProperties(binding.Type, binding.Section.Replace(":", "__"), binding.Type.Assembly == LocalHostAssembly, read);
        var direct = new[]
        {
            @"(?:[Cc]onfig|[Cc]onfiguration)\[\s*(?<key>""[^""]+""|[A-Z]\w*\.[A-Z]\w*)\s*\]",
            @"GetEnvironmentVariable\(\s*(?<key>""[^""]+""|[A-Z]\w*\.[A-Z]\w*)\s*\)",
        };
        foreach (var file in SourceFiles())
            foreach (var pattern in direct)
                foreach (Match m in Regex.Matches(File.ReadAllText(file), pattern))
                    read.Add(new Setting(ResolveString(m.Groups["key"].Value).Replace(":", "__"), false, file.StartsWith(LocalHostSources, StringComparison.Ordinal)));
        // The same name read by the app and by the development host (STORESYNC_DB) is an app setting.
        return read.GroupBy(s => s.Name).Select(g => new Setting(g.Key, g.Any(s => s.Required), g.All(s => s.DevelopmentOnly))).ToList();
    }

    private static void AddProperties(Type type, string prefix, bool developmentOnly, List<Setting> into)
    {
        foreach (var p in SettableProperties(type))
        {
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            var isLeaf = t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri)
                         || t == typeof(DateTimeOffset) || t == typeof(Guid) || typeof(System.Collections.IEnumerable).IsAssignableFrom(t);
            if (isLeaf) into.Add(new Setting($"{prefix}__{p.Name}", p.GetCustomAttribute<RequiredAttribute>() is not null, developmentOnly));
            else AddProperties(t, $"{prefix}__{p.Name}", developmentOnly, into);
        }
    }

    /// <summary>A string literal, or Type.Constant naming a const string of the app.</summary>
    private static string ResolveString(string expression)
    {
        if (expression.StartsWith('"')) return expression.Trim('"');
        var parts = expression.Split('.');
        var field = new[] { FunctionsAssembly, LocalHostAssembly }.SelectMany(a => a.GetTypes()).Where(t => t.Name == parts[^2])
            .Select(t => t.GetField(parts[^1], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .FirstOrDefault(f => f is { IsLiteral: true });
        return field?.GetRawConstantValue() as string ?? throw new InvalidOperationException($"Cannot resolve the configuration key {expression}");
    }

    /// <summary>Rows of the table under "## 3. App settings" in docs/deploy.md.</summary>
    private static List<DocsRow> DocsRows() => TableRows(AppSettingsSection);

    /// <summary>Rows of the table of development-host settings in docs/deploy.md (same columns; never set by Bicep).</summary>
    private static List<DocsRow> DevelopmentRows() => TableRows(DevelopmentSection);

    private static List<DocsRow> TableRows(string section)
    {
        var docs = Read("docs", "deploy.md");
        var start = docs.IndexOf(section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/deploy.md has no section \"{section}\"");
        var end = docs.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var rows = new List<DocsRow>();
        foreach (var line in docs[start..(end < 0 ? docs.Length : end)].Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Trim().Trim('|').Split(" | ");
            Assert.True(cells.Length == 4, "App settings rows need 4 columns (Setting | Meaning | Default in code | Set by Bicep): " + line);
            rows.Add(new DocsRow(Regex.Matches(cells[0], "`([^`]+)`").Select(m => m.Groups[1].Value).ToArray(), cells[2].Trim(), cells[3].Trim()));
        }
        Assert.NotEmpty(rows);
        return rows;
    }

    /// <summary>The app settings the Function App always gets: name → Bicep expression.</summary>
    private static Dictionary<string, string> BicepAppSettings()
    {
        var bicep = Read("infra", "modules", "functionapp.bicep");
        Assert.Matches(@"properties:\s*union\(appSettings, empty\(durableTaskSchedulerEndpoint\) \? \{\} : durableTaskSchedulerSettings\)", bicep);
        return BicepObject(bicep, "appSettings");
    }

    /// <summary>Settings only deployed with the Durable Task Scheduler backend.</summary>
    private static Dictionary<string, string> ConditionalBicepAppSettings() => BicepObject(Read("infra", "modules", "functionapp.bicep"), "durableTaskSchedulerSettings");

    private static Dictionary<string, string> AllBicepAppSettings() =>
        BicepAppSettings().Concat(ConditionalBicepAppSettings()).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static Dictionary<string, string> BicepObject(string bicep, string variable)
    {
        var at = Regex.Match(bicep, $@"^var {variable} = \{{", RegexOptions.Multiline);
        Assert.True(at.Success, $"functionapp.bicep must declare `var {variable} = {{ ... }}`");
        return TopLevelKeys(Block(bicep, at.Index + at.Length - 1));
    }

    /// <summary>The body of `module NAME '...' = {` (or `= if (...) {`) in main.bicep.</summary>
    private static string ModuleBody(string main, string module)
    {
        var at = Regex.Match(main, $@"^module\s+{module}\s+'[^']+'\s*=\s*(?:if\s*\([^)]*\)\s*)?\{{", RegexOptions.Multiline);
        Assert.True(at.Success, $"main.bicep has no module {module}");
        return Block(main, at.Index + at.Length - 1);
    }

    /// <summary>param name → has a default value.</summary>
    private static Dictionary<string, bool> BicepParams(string file) =>
        Regex.Matches(File.ReadAllText(file), @"^param\s+(\w+)\s+\w+(\s*=)?", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success);

    /// <summary>The text between the brace at <paramref name="open"/> and its matching close (exclusive).</summary>
    private static string Block(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] is '{' or '[') depth++;
            else if (text[i] is '}' or ']' && --depth == 0) return text[(open + 1)..i];
        }
        throw new InvalidOperationException("Unclosed block");
    }

    /// <summary>Keys at the top level of an object body (one `key: value` per line), with their values.</summary>
    private static Dictionary<string, string> TopLevelKeys(string body)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var depth = 0;
        foreach (var line in body.Split('\n'))
        {
            var m = Regex.Match(line, @"^\s*([A-Za-z_][\w]*|'[^']+')\s*:\s*(.*)$");
            if (depth == 0 && m.Success) keys[m.Groups[1].Value.Trim('\'')] = m.Groups[2].Value.Trim();
            var code = StripStringsAndComments(line);
            depth += code.Count(c => c is '{' or '[') - code.Count(c => c is '}' or ']');
        }
        return keys;
    }

    private static string StripStringsAndComments(string bicep)
    {
        var withoutMultiline = Regex.Replace(bicep, "'''.*?'''", "''", RegexOptions.Singleline);
        var withoutBlock = Regex.Replace(withoutMultiline, @"/\*.*?\*/", "", RegexOptions.Singleline);
        // Interpolations ${...} stay: their brackets are code. Plain string text goes.
        var withoutStrings = Regex.Replace(withoutBlock, @"'(?:\\.|[^'\\\n])*'", s =>
            "'" + string.Concat(Regex.Matches(s.Value, @"\$\{[^}]*\}").Select(i => i.Value)) + "'");
        return Regex.Replace(withoutStrings, @"//[^\n]*", "");
    }

    /// <summary>Properties of one service in azure.yaml (flat scalar keys under services.&lt;name&gt;).</summary>
    private static Dictionary<string, string> AzureYamlService(string service)
    {
        var lines = Read("azure.yaml").Split('\n');
        var start = Array.FindIndex(lines, l => l == $"  {service}:");
        Assert.True(start >= 0, $"azure.yaml has no service {service}");
        return lines.Skip(start + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal) || l.Trim().Length == 0)
            .Select(l => Regex.Match(l, @"^    (\w+):\s*(\S.*)$")).Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
    }

    /// <summary>`run: bash &lt;script&gt;` hooks of azure.yaml, resolved from where azd runs them: the service's project
    /// folder for service hooks, the repository root for project hooks.</summary>
    private static List<(string Script, string File)> HookScripts()
    {
        var hooks = new List<(string, string)>();
        string? service = null;
        var inServices = false;
        foreach (var line in Read("azure.yaml").Split('\n'))
        {
            if (Regex.IsMatch(line, @"^\w")) { inServices = line.StartsWith("services:", StringComparison.Ordinal); service = null; }
            else if (inServices && Regex.Match(line, @"^  (\w+):\s*$") is { Success: true } s) service = s.Groups[1].Value;
            if (Regex.Match(line, @"run:\s*bash\s+(\S+)") is not { Success: true } run) continue;
            var folder = service is null ? Root : Path.GetFullPath(Path.Combine(Root, AzureYamlService(service)["project"]));
            hooks.Add((run.Groups[1].Value, Path.GetFullPath(Path.Combine(folder, run.Groups[1].Value))));
        }
        return hooks.Distinct().ToList();
    }

    private static IEnumerable<string> BicepFiles() => Directory.GetFiles(Path.Combine(Root, "infra"), "*.bicep", SearchOption.AllDirectories);

    private static IEnumerable<string> SourceFiles() => Directory.GetFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));

    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([Root, .. path]));

}

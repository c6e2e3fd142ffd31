using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StoreSync.Functions.Hosting;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Deploy;

/// <summary>
/// The deployment files (infra/*.bicep, azure.yaml, hooks, docs/deploy.md, host.json) cannot be exercised against Azure
/// here, so they are cross-checked against the code and each other. Settings are discovered from the code (options
/// classes by reflection, their sections and direct configuration keys from the sources), so new features are covered
/// without editing this file.
/// </summary>
public sealed class DeploymentConsistencyTests
{
    private static readonly string Root = RepoRoot();
    private static readonly Assembly FunctionsAssembly = typeof(StoreSync.Functions.Hosting.PlatformSetup).Assembly;
    private static readonly HashSet<string> ShellVariables = ["BASH_SOURCE", "HOME", "PATH", "PWD", "OLDPWD", "IFS", "RANDOM", "LINENO", "SECONDS"];

    // ---- app settings: code ↔ docs/deploy.md ↔ functionapp.bicep -----------------------------------------------

    [Fact]
    public void EveryOptionsClassIsBoundToAConfigurationSection()
    {
        var bound = BoundOptions().Select(b => b.Type).ToHashSet();
        var unbound = OptionsClasses().Where(t => !bound.Contains(t)).Select(t => t.FullName).ToList();
        Assert.True(unbound.Count == 0,
            "Options classes with no section binding found in src (AddOptions<T>().Bind(config.GetSection(\"X\")) or " +
            $".BindConfiguration(\"X\")), so their settings cannot be documented or deployed: {string.Join(", ", unbound)}");
    }

    [Fact]
    public void EverySettingTheCodeReadsIsDocumentedInDeployMd()
    {
        var documented = DocsRows().SelectMany(r => r.Names).ToHashSet(StringComparer.Ordinal);
        var missing = CodeSettings().Select(s => s.Name).Where(n => !documented.Contains(n)).Distinct().Order().ToList();
        Assert.True(missing.Count == 0, "Settings read by the code but missing from the table in docs/deploy.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void RequiredSettingsAreSetByBicep()
    {
        var bicep = BicepAppSettings();
        var rows = DocsRows();
        var notDeployed = CodeSettings().Where(s => s.Required)
            .Where(s => !(rows.FirstOrDefault(r => r.Names.Contains(s.Name))?.Names ?? [s.Name]).Any(bicep.ContainsKey))
            .Select(s => s.Name).ToList();
        Assert.True(notDeployed.Count == 0, "[Required] settings that infra/modules/functionapp.bicep does not set (under this name or an alias " +
            "documented in the same row of docs/deploy.md): " + string.Join(", ", notDeployed));
    }

    [Fact]
    public void DeployMdSaysWhichSettingsBicepSetsAndBicepAgrees()
    {
        var bicep = BicepAppSettings();
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
        var typos = BicepAppSettings().Keys
            .Where(k => sections.Any(s => k.StartsWith(s, StringComparison.Ordinal)) && !known.Contains(k)).ToList();
        Assert.True(typos.Count == 0, "functionapp.bicep sets settings that no options property reads (typo?): " + string.Join(", ", typos));
    }

    [Fact]
    public void SecretsReachTheAppOnlyThroughKeyVaultReferences()
    {
        var secretNames = new Regex(@"(Password|ApiKey|Secret|ConnectionString)$|^STORESYNC_DB$");
        foreach (var (name, value) in BicepAppSettings().Where(kv => secretNames.IsMatch(kv.Key)))
            Assert.True(value.StartsWith("'@Microsoft.KeyVault(SecretUri=${", StringComparison.Ordinal),
                $"{name} must be a Key Vault reference in functionapp.bicep, not {value}");
        var keyVault = Read("infra", "modules", "keyvault.bicep");
        Assert.Contains("enableRbacAuthorization: true", keyVault);
        Assert.Contains("4633458b-17de-408a-b874-0445c86b69e6", keyVault); // Key Vault Secrets User
        Assert.Contains("keyVaultReferenceIdentity: identityId", Read("infra", "modules", "functionapp.bicep"));
    }

    // ---- the Functions app: Flex Consumption, host.json, function folders ↔ handler routes -------------------------

    [Fact]
    public void FlexConsumptionRunsTheCustomHandlerRuntimeNotAWorkerSetting()
    {
        var functionApp = Read("infra", "modules", "functionapp.bicep");
        Assert.Matches(@"sku:\s*\{\s*name:\s*'FC1'\s*tier:\s*'FlexConsumption'", functionApp);
        Assert.Matches(@"runtime:\s*\{\s*name:\s*'custom'", functionApp);
        Assert.Contains("kind: 'functionapp,linux'", functionApp);
        // Flex Consumption rejects these; the runtime comes from functionAppConfig.
        foreach (var deprecated in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE" })
            Assert.False(BicepAppSettings().ContainsKey(deprecated), $"{deprecated} is not allowed on Flex Consumption");

        using var local = JsonDocument.Parse(Read("local.settings.example.json"));
        Assert.Equal("custom", local.RootElement.GetProperty("Values").GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }

    [Fact]
    public void HostJsonStartsThePublishedExecutableWithABundleFlexAccepts()
    {
        using var host = JsonDocument.Parse(Read("host.json"));
        var handler = host.RootElement.GetProperty("customHandler");
        var assemblyName = Regex.Match(Read("src", "StoreSync.Functions", "StoreSync.Functions.csproj"), "<AssemblyName>([^<]+)</AssemblyName>").Groups[1].Value;
        Assert.Equal(assemblyName, handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        var bundle = host.RootElement.GetProperty("extensionBundle");
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", bundle.GetProperty("id").GetString());
        Assert.Equal("[4.*, 5.0.0)", bundle.GetProperty("version").GetString()); // Flex Consumption needs bundle v4
        Assert.Equal("api", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());

        // The package hook publishes that executable for Linux into the folder azd zips.
        var package = Read("infra", "hooks", "package-api.sh");
        Assert.Contains("-r linux-x64", package);
        Assert.Contains($"\"$OUT/{assemblyName}\"", package);
        Assert.Equal(Regex.Match(package, "OUT=\"([^\"]+)\"").Groups[1].Value, AzureYamlService("api")["dist"]);
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
        var modules = Regex.Matches(main, @"^module\s+(\w+)\s+'([^']+)'\s*=\s*\{", RegexOptions.Multiline);
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
        Assert.Equal("custom", AzureYamlService("api")["language"]);
        Assert.Equal("function", AzureYamlService("api")["host"]);
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

    private sealed record Setting(string Name, bool Required);

    private sealed record DocsRow(string[] Names, string Default, string SetBy);

    private sealed record Binding(Type Type, string Section);

    /// <summary>Public options classes of the app: *Options with a parameterless constructor and settable properties.</summary>
    private static IEnumerable<Type> OptionsClasses() => new[] { FunctionsAssembly, typeof(StoreSync.Data.Db.DapperSetup).Assembly }
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

    /// <summary>Every setting the code reads: options properties (Section__Property) and keys read directly.</summary>
    private static List<Setting> CodeSettings()
    {
        var settings = new List<Setting>();
        foreach (var binding in BoundOptions()) AddProperties(binding.Type, binding.Section.Replace(":", "__"), settings);
        var direct = new[]
        {
            @"(?:[Cc]onfig|[Cc]onfiguration)\[\s*(?<key>""[^""]+""|[A-Z]\w*\.[A-Z]\w*)\s*\]",
            @"GetEnvironmentVariable\(\s*(?<key>""[^""]+""|[A-Z]\w*\.[A-Z]\w*)\s*\)",
        };
        foreach (var file in SourceFiles())
            foreach (var pattern in direct)
                foreach (Match m in Regex.Matches(File.ReadAllText(file), pattern))
                    settings.Add(new Setting(ResolveString(m.Groups["key"].Value).Replace(":", "__"), false));
        return settings;
    }

    private static void AddProperties(Type type, string prefix, List<Setting> into)
    {
        foreach (var p in SettableProperties(type))
        {
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            var isLeaf = t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri)
                         || t == typeof(DateTimeOffset) || t == typeof(Guid) || typeof(System.Collections.IEnumerable).IsAssignableFrom(t);
            if (isLeaf) into.Add(new Setting($"{prefix}__{p.Name}", p.GetCustomAttribute<RequiredAttribute>() is not null));
            else AddProperties(t, $"{prefix}__{p.Name}", into);
        }
    }

    /// <summary>A string literal, or Type.Constant naming a const string of the app.</summary>
    private static string ResolveString(string expression)
    {
        if (expression.StartsWith('"')) return expression.Trim('"');
        var parts = expression.Split('.');
        var field = FunctionsAssembly.GetTypes().Where(t => t.Name == parts[^2])
            .Select(t => t.GetField(parts[^1], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .FirstOrDefault(f => f is { IsLiteral: true });
        return field?.GetRawConstantValue() as string ?? throw new InvalidOperationException($"Cannot resolve the configuration key {expression}");
    }

    /// <summary>Rows of the table under "## 3. App settings" in docs/deploy.md.</summary>
    private static List<DocsRow> DocsRows()
    {
        var docs = Read("docs", "deploy.md");
        var start = docs.IndexOf("## 3. App settings", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/deploy.md has no section \"## 3. App settings\"");
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

    /// <summary>The app settings object of the Function App: name → Bicep expression.</summary>
    private static Dictionary<string, string> BicepAppSettings()
    {
        var bicep = Read("infra", "modules", "functionapp.bicep");
        var at = Regex.Match(bicep, @"^var appSettings = \{", RegexOptions.Multiline);
        Assert.True(at.Success, "functionapp.bicep must declare the app settings as `var appSettings = { ... }`");
        Assert.Matches(@"properties:\s*appSettings\b", bicep);
        return TopLevelKeys(Block(bicep, at.Index + at.Length - 1));
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

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StoreSync.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}

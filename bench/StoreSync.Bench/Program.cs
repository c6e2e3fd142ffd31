using StoreSync.Bench;

// Each benchmark is one file with RunAsync(args); dispatch by the first argument.
var benches = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["coldstart"] = ColdStartBench.RunAsync,
    ["lifecycle"] = LifecycleBench.RunAsync,
    ["lifecycle-durable"] = LifecycleBench.RunDurableAsync,
    ["imports"] = ImportsBench.RunAsync,
    ["locations"] = LocationsBench.RunAsync,
    ["campaigns"] = CampaignsBench.RunAsync,
    ["ai"] = AiBench.RunAsync,
    ["price"] = PriceBench.RunAsync,
    ["feed"] = StoreBench.FeedAsync,
    ["redemptions"] = StoreBench.RedemptionsAsync,
    ["vouchers"] = StoreBench.VouchersAsync,
    ["analytics"] = AnalyticsBench.RunAsync,
    ["rollouts"] = RolloutsBench.RunAsync,
    ["exports"] = ExportsBench.RunAsync,
    ["mail"] = MailBench.RunAsync,
};

if (args.Length == 0 || !benches.TryGetValue(args[0], out var run))
{
    Console.WriteLine($"usage: dotnet run -c Release --project bench/StoreSync.Bench -- <{string.Join("|", benches.Keys)}> [options]");
    return 2;
}
return await run(args[1..]);

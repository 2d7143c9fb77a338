using BenchmarkDotNet.Running;

// `--memory` measures retained memory per key-window (a plain run, not BenchmarkDotNet); anything else goes to BenchmarkDotNet.
if (args.Contains("--memory")) return FlowGrain.Benchmarks.WindowMemory.Run(args);
// `--pipeline` measures the collector's path to the grains without the network against the engine ceiling, in one run.
// `--history` measures 24 hours of roll-ups on one owner: memory per row and the day's queries.
if (args.Contains("--history")) return FlowGrain.Benchmarks.HistoryRun.Run(args);
if (args.Contains("--pipeline")) return await FlowGrain.Benchmarks.PipelineRun.RunAsync(args);

BenchmarkSwitcher.FromAssembly(typeof(FlowGrain.Benchmarks.IngestBenchmarks).Assembly).Run(args);
return 0;

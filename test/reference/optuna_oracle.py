"""Optuna 3.1 (Debian's python3-optuna) as the independent reference for the search core's tests.

Reads one JSON request on stdin and prints one JSON answer:
  {"task": "grid", "space": {name: [values]}}            -> the grid's combinations in Optuna's order
  {"task": "prune", "direction", "pruner", "curves"}       -> per curve, the step it was pruned at (or null)
  {"task": "parzen", "dist", "obs", "points"}              -> one Parzen estimator's kernels and log densities
  {"task": "tpe-vs-random", "seeds", "trials", "startup"}  -> best value after N trials per seed, TPE and random
"""
import json
import math
import sys

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe import _truncnorm
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights
from optuna.trial import TrialState

optuna.logging.set_verbosity(optuna.logging.ERROR)


def grid(req):
    sampler = optuna.samplers.GridSampler(req["space"])
    names = sorted(req["space"].keys())
    return [dict(zip(names, combo)) for combo in sampler._all_grids]


def make_pruner(spec):
    if spec["kind"] == "median":
        return optuna.pruners.MedianPruner(
            n_startup_trials=spec["nStartupTrials"], n_warmup_steps=spec["nWarmupSteps"], interval_steps=spec["intervalSteps"]
        )
    if spec["kind"] == "asha":
        return optuna.pruners.SuccessiveHalvingPruner(
            min_resource=spec["minResource"], reduction_factor=spec["reductionFactor"],
            min_early_stopping_rate=spec["minEarlyStoppingRate"],
        )
    raise ValueError(spec["kind"])


def prune(req):
    study = optuna.create_study(direction=req["direction"], pruner=make_pruner(req["pruner"]))
    out = []
    for curve in req["curves"]:
        trial = study.ask()
        pruned = None
        for step, value in enumerate(curve):
            if value is None:
                continue
            trial.report(value, step)
            if trial.should_prune():
                pruned = step
                break
        if pruned is None:
            last = [v for v in curve if v is not None][-1]
            study.tell(trial, last)
        else:
            study.tell(trial, state=TrialState.PRUNED)
        out.append(pruned)
    return out


def distribution(d):
    if d["kind"] == "float":
        return FloatDistribution(d["low"], d["high"], log=d.get("log", False))
    if d["kind"] == "int":
        return IntDistribution(d["low"], d["high"], log=d.get("log", False))
    return CategoricalDistribution(d["choices"])


_logpdf_3_1 = _truncnorm.logpdf


def _logpdf_fixed(x, a, b, loc=0, scale=1):
    # Optuna 3.1's truncated-normal log density leaves out -log(scale), so its mixtures are not normalised
    # (optuna/optuna#5109, fixed by #5110 in 3.5). The estimators are compared with the fix applied.
    return _logpdf_3_1(x, a, b, loc, scale) - np.log(scale)


def parzen(req):
    _truncnorm.logpdf = _logpdf_fixed
    dist = distribution(req["dist"])
    params = _ParzenEstimatorParameters(
        consider_prior=True, prior_weight=1.0, consider_magic_clip=True, consider_endpoints=False,
        weights=default_weights, multivariate=False,
    )
    obs = np.asarray(req["obs"], dtype=float)
    pe = _ParzenEstimator({"x": obs}, {"x": dist}, params)
    points = np.asarray(req["points"], dtype=int if isinstance(dist, CategoricalDistribution) else float)
    out = {"weights": pe._weights.tolist(), "logPdf": pe.log_pdf({"x": points}).tolist()}
    if not isinstance(dist, CategoricalDistribution):
        out["mus"] = pe._mus["x"].tolist()
        out["sigmas"] = pe._sigmas["x"].tolist()
    return out


def toy_objective(trial):
    # The same function as the TypeScript test: optimum at lr 1e-3, n 7, c "b"; maximised.
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    n = trial.suggest_int("n", 1, 20)
    c = trial.suggest_categorical("c", ["a", "b", "c"])
    return -((math.log10(lr) + 3) ** 2 + 0.1 * (n - 7) ** 2 + (0 if c == "b" else 1))


def tpe_vs_random(req):
    result = {"tpe": [], "random": []}
    for seed in req["seeds"]:
        for name, sampler in (
            ("tpe", optuna.samplers.TPESampler(seed=seed, n_startup_trials=req["startup"])),
            ("random", optuna.samplers.RandomSampler(seed=seed)),
        ):
            study = optuna.create_study(direction="maximize", sampler=sampler)
            study.optimize(toy_objective, n_trials=req["trials"])
            result[name].append(study.best_value)
    return result


TASKS = {"grid": grid, "prune": prune, "parzen": parzen, "tpe-vs-random": tpe_vs_random}

if __name__ == "__main__":
    request = json.load(sys.stdin)
    json.dump(TASKS[request["task"]](request), sys.stdout)

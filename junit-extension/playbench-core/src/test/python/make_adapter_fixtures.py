"""Builds small checkpoints in the layouts the shared reference checkpoints do not cover, for the library adapter tests.

Needs only NumPy: PyTorch, rsl_rl, rl_games, skrl and SB3 are not needed. Each state dict is built under the key
names each library writes (see shared/reference/checkpoint-formats.md) and written in torch.save's zip format by
``torch_save`` below, which emits the same pickle (protocol 2, ``collections.OrderedDict``,
``torch._utils._rebuild_tensor_v2``, ``('storage', torch.FloatStorage, key, 'cpu', numel)`` persistent ids) and
the same records (``<prefix>/data.pkl``, ``byteorder``, ``data/<key>``, ``version``) as PyTorch. The expected
outputs follow each library's play path in float32 NumPy. These fixtures check the adapters' reading of layouts and
configs; the shared checkpoints (trained and evaluated by the real libraries) remain the ground truth for numerics.

    python3 make_adapter_fixtures.py OUT_DIR
"""
import collections
import io
import json
import os
import pickle
import sys
import types
import zipfile

import numpy as np

_torch = None
if os.environ.get("PLAYBENCH_REAL_TORCH") == "1":  # the files are then written by torch.save itself
    import torch as _torch  # before the stand-in modules below take the name "torch"

OUT = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("OUT", "out")
N_SAMPLES = 24
RNG = np.random.default_rng(7)


# ---------------------------------------------------------------- a minimal torch.save (zip format)
def _fake(module, name, obj):
    if _torch is not None and module.split(".")[0] == "torch":  # real PyTorch writes the files: leave its modules alone
        obj.__module__, obj.__qualname__, obj.__name__ = "playbench_fake_" + module, name, name
        return obj
    mod = sys.modules.get(module) or types.ModuleType(module)
    sys.modules[module] = mod
    obj.__module__, obj.__qualname__, obj.__name__ = module, name, name
    setattr(mod, name, obj)
    return obj


class _Storage:
    pass


def _rebuild_tensor_v2(*args):
    raise RuntimeError("never called")


_STORAGE_CLASSES = {np.dtype(np.float32): _fake("torch", "FloatStorage", type("FloatStorage", (), {})),
                    np.dtype(np.float64): _fake("torch", "DoubleStorage", type("DoubleStorage", (), {})),
                    np.dtype(np.int64): _fake("torch", "LongStorage", type("LongStorage", (), {}))}
_fake("torch._utils", "_rebuild_tensor_v2", _rebuild_tensor_v2)


class T:
    """A tensor to be saved: a NumPy array (float32 unless given)."""

    def __init__(self, array, dtype=np.float32):
        self.a = np.ascontiguousarray(np.asarray(array, dtype=dtype))


class _Pickler(pickle.Pickler):
    def __init__(self, f, storages):
        super().__init__(f, protocol=2)
        self.storages = storages

    def persistent_id(self, obj):
        if isinstance(obj, _Storage):
            return ("storage", _STORAGE_CLASSES[obj.a.dtype], obj.key, "cpu", obj.a.size)
        return None

    def reducer_override(self, obj):
        if isinstance(obj, T):
            st = _Storage()
            st.a, st.key = obj.a, str(len(self.storages))
            self.storages.append(st)
            stride = tuple(s // obj.a.itemsize for s in obj.a.strides)
            return (_rebuild_tensor_v2, (st, 0, tuple(obj.a.shape), stride, False, collections.OrderedDict()))
        return NotImplemented


def _to_torch(obj):
    if isinstance(obj, T):
        return _torch.from_numpy(obj.a.copy())
    if isinstance(obj, collections.OrderedDict):
        return collections.OrderedDict((k, _to_torch(v)) for k, v in obj.items())
    if isinstance(obj, dict):
        return {k: _to_torch(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_to_torch(v) for v in obj)
    return obj


def torch_save(obj, target):
    """Writes obj like torch.save: a file path gives the prefix <basename without extension>, a stream 'archive'."""
    if _torch is not None and os.environ.get("PLAYBENCH_REAL_TORCH") == "1":
        _torch.save(_to_torch(obj), target)
        return
    prefix = os.path.splitext(os.path.basename(target))[0] if isinstance(target, str) else "archive"
    storages = []
    buf = io.BytesIO()
    _Pickler(buf, storages).dump(obj)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as z:
        z.writestr(prefix + "/data.pkl", buf.getvalue())
        z.writestr(prefix + "/byteorder", "little")
        for st in storages:
            z.writestr(prefix + "/data/" + st.key, st.a.astype(st.a.dtype.newbyteorder("<")).tobytes())
        z.writestr(prefix + "/version", "3\n")


# ---------------------------------------------------------------- float32 modules
ACT = {"tanh": np.tanh, "relu": lambda x: np.maximum(x, 0), "elu": lambda x: np.where(x > 0, x, np.expm1(x)),
       "selu": lambda x: np.float32(1.0507009873554805) * np.where(x > 0, x, np.float32(1.6732632423543772) * np.expm1(x)),
       "silu": lambda x: x / (1 + np.exp(-x)), "id": lambda x: x}


class Lin:
    def __init__(self, i, o, scale=1.0):
        bound = 1 / np.sqrt(i)
        self.w = (RNG.uniform(-bound, bound, (o, i)) * scale).astype(np.float32)
        self.b = RNG.uniform(-bound, bound, o).astype(np.float32)

    def __call__(self, x):
        return (x @ self.w.T + self.b).astype(np.float32)

    def sd(self, prefix):
        return {prefix + "weight": T(self.w), prefix + "bias": T(self.b)}


class Seq:
    """nn.Sequential of Linear + activation modules: Linear layers at even indices."""

    def __init__(self, sizes, act, last_act=None):
        self.layers = [Lin(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
        self.acts = [act] * (len(self.layers) - 1) + [last_act or "id"]

    def __call__(self, x):
        for l, a in zip(self.layers, self.acts):
            x = ACT[a](l(x)).astype(np.float32)
        return x

    def sd(self, prefix):
        out = {}
        for i, l in enumerate(self.layers):
            out.update(l.sd("%s%d." % (prefix, 2 * i)))
        return out


def od(d):
    return collections.OrderedDict(d)


def obs_batch(n_obs, scale=2.0):
    x = (np.random.default_rng(11 + n_obs).normal(size=(N_SAMPLES, n_obs)) * scale).astype(np.float32)
    x[-1] = 40.0  # far out: hits every clamp
    x[-2] = -40.0
    return x


def fl(t):
    return [float(v) for v in np.asarray(t, np.float32).reshape(-1)]


def write_expected(folder, checkpoint, library, obs, raw, action, discrete=False, note=""):
    samples = []
    for i in range(obs.shape[0]):
        s = {"obs": fl(obs[i]), "raw_output": fl(raw[i])}
        s["action"] = int(action[i]) if discrete else fl(action[i])
        samples.append(s)
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump({"library": library, "checkpoint": checkpoint, "note": note, "samples": samples}, f, indent=0)


def folder(name, params=True):
    d = os.path.join(OUT, name)
    os.makedirs(os.path.join(d, "params") if params else d, exist_ok=True)
    return d


# ---------------------------------------------------------------- rsl_rl
def rsl_v1():
    d = folder("rsl_rl-v1-actorcritic")
    n, a = 5, 2
    actor, critic = Seq([n, 16, 16, a], "tanh"), Seq([n, 16, 16, 1], "tanh")
    sd = od({**actor.sd("actor."), **critic.sd("critic."), "std": T(np.ones(a))})
    torch_save({"model_state_dict": sd, "optimizer_state_dict": {}, "iter": 5, "infos": None}, os.path.join(d, "model_5.pt"))
    with open(os.path.join(d, "params", "agent.yaml"), "w") as f:
        f.write("seed: 1\nclip_actions: null\nempirical_normalization: false\npolicy:\n  class_name: ActorCritic\n"
                "  init_noise_std: 1.0\n  actor_hidden_dims: !!python/tuple\n  - 16\n  - 16\n  critic_hidden_dims: !!python/tuple\n"
                "  - 16\n  - 16\n  activation: tanh\nalgorithm:\n  class_name: PPO\nobs_groups: !!python/object/apply:builtins.dict\n"
                "  - policy: !!python/tuple\n    - policy\n")
    x = obs_batch(n)
    raw = actor(x)
    write_expected(d, "model_5.pt", "rsl_rl", x, raw, raw, note="v1 ActorCritic, tanh, no normaliser, no clip")


def rsl_v3():
    d = folder("rsl_rl-v3-normalizer")
    n, a = 4, 3
    actor = Seq([n, 12, 12, a], "relu")
    mean = RNG.normal(size=(1, n)).astype(np.float32)
    var = (RNG.uniform(size=(1, n)) * 3 + 0.1).astype(np.float32)
    std = np.sqrt(var).astype(np.float32)
    sd = od({**actor.sd("actor."), **Seq([n, 12, 1], "relu").sd("critic."),
             "actor_obs_normalizer._mean": T(mean), "actor_obs_normalizer._var": T(var), "actor_obs_normalizer._std": T(std),
             "actor_obs_normalizer.count": T(1000, np.int64), "log_std": T(np.zeros(a))})
    torch_save({"model_state_dict": sd, "optimizer_state_dict": {}, "iter": 9, "infos": None}, os.path.join(d, "model_9.pt"))
    with open(os.path.join(d, "params", "agent.yaml"), "w") as f:
        f.write("clip_actions: 1.5\npolicy:\n  class_name: ActorCritic\n  activation: relu\n  actor_obs_normalization: true\n")
    x = obs_batch(n)
    raw = actor(((x - mean) / (std + np.float32(1e-2))).astype(np.float32))
    write_expected(d, "model_9.pt", "rsl_rl", x, raw, np.clip(raw, -1.5, 1.5), note="v3 ActorCritic with actor_obs_normalizer, log_std, clip 1.5")


def rsl_v4():
    d = folder("rsl_rl-v4-mlpmodel", params=False)
    n, a = 6, 2
    net = Seq([n, 10, 10, 10, a], "elu")
    mean = RNG.normal(size=(1, n)).astype(np.float32)
    var = (RNG.uniform(size=(1, n)) + 0.5).astype(np.float32)
    std = np.sqrt(var).astype(np.float32)
    sd = od({"obs_normalizer._mean": T(mean), "obs_normalizer._var": T(var), "obs_normalizer._std": T(std),
             "obs_normalizer.count": T(77, np.int64), **net.sd("mlp."), "std": T(np.ones(a))})
    torch_save({"actor_state_dict": sd, "critic_state_dict": od(Seq([n, 10, 1], "elu").sd("mlp.")), "optimizer_state_dict": {},
                "iter": 3, "infos": None}, os.path.join(d, "model_3.pt"))
    x = obs_batch(n)
    raw = net(((x - mean) / (std + np.float32(1e-2))).astype(np.float32))
    write_expected(d, "model_3.pt", "rsl_rl", x, raw, raw, note="v4 MLPModel, no config: elu default, no clip")


def rsl_v5_hetero():
    d = folder("rsl_rl-v5-heteroscedastic")
    n, a = 3, 2
    net = Seq([n, 8, 8, 2 * a], "silu")
    torch_save({"actor_state_dict": od(net.sd("mlp.")), "critic_state_dict": od(Seq([n, 8, 1], "silu").sd("mlp.")),
                "optimizer_state_dict": {}, "iter": 1, "infos": None}, os.path.join(d, "model_1.pt"))
    with open(os.path.join(d, "params", "agent.yaml"), "w") as f:
        f.write("clip_actions: 3.0\nobs_groups:\n  actor:\n  - policy\nactor:\n  class_name: MLPModel\n  hidden_dims: [8, 8]\n"
                "  activation: swish\n  obs_normalization: false\n  distribution_cfg:\n    class_name: HeteroscedasticGaussianDistribution\n")
    x = obs_batch(n)
    out = net(x)
    raw = out.reshape(-1, 2, a)[:, 0, :]
    write_expected(d, "model_1.pt", "rsl_rl", x, out, np.clip(raw, -3, 3),
                   note="v5 heteroscedastic: first A outputs, swish (raw_output is the whole last layer, 2A values)")


# ---------------------------------------------------------------- rl_games
def rlg_continuous_separate():
    d = folder("rl_games-continuous-separate")
    os.makedirs(os.path.join(d, "nn"), exist_ok=True)
    n, a = 5, 2
    actor, critic = Seq([n, 16, 8], "relu", "relu"), Seq([n, 16, 8], "relu", "relu")
    mu, sigma, value = Lin(8, a), Lin(8, a), Lin(8, 1)
    mean = RNG.normal(size=n)
    var = RNG.uniform(size=n) * 2 + 0.05
    sd = od({"running_mean_std.running_mean": T(mean, np.float64), "running_mean_std.running_var": T(var, np.float64),
             "running_mean_std.count": T(5000.0, np.float64), **actor.sd("a2c_network.actor_mlp."), **critic.sd("a2c_network.critic_mlp."),
             **mu.sd("a2c_network.mu."), **sigma.sd("a2c_network.sigma."), **value.sd("a2c_network.value.")})
    torch_save({"model": sd, "epoch": 12, "frame": 4096, "optimizer": {}, "last_mean_rewards": -12.5, "env_state": None},
               os.path.join(d, "nn", "agent.pth"))
    with open(os.path.join(d, "params", "agent.yaml"), "w") as f:
        f.write("params:\n  algo:\n    name: a2c_continuous\n  model:\n    name: continuous_a2c_logstd\n  network:\n    name: actor_critic\n"
                "    separate: true\n    space:\n      continuous:\n        mu_activation: tanh\n        sigma_activation: None\n"
                "        fixed_sigma: false\n    mlp:\n      units: [16, 8]\n      activation: relu\n      d2rl: false\n"
                "  config:\n    name: agent\n    normalize_input: true\n    normalize_value: false\n    clip_actions: true\n"
                "  env:\n    clip_observations: 5.0\n    clip_actions: 1.0\n")
    x = obs_batch(n, 4.0)
    z = np.clip(x, -5.0, 5.0)
    z = np.clip((z - mean.astype(np.float32)) / np.sqrt(var.astype(np.float32) + np.float32(1e-5)), -5.0, 5.0).astype(np.float32)
    raw = np.tanh(mu(actor(z))).astype(np.float32)
    act = np.clip(raw, -1.0, 1.0) * np.float32(1.0) + np.float32(0.0)
    write_expected(d, "nn/agent.pth", "rl_games", x, raw, act, note="separate actor/critic, sigma Linear, mu tanh, clip_observations 5")


def rlg_discrete_deep():
    d = folder("rl_games-discrete-deep-compiled")
    os.makedirs(os.path.join(d, "nn"), exist_ok=True)
    n, k = 4, 3
    actor = Seq([n] + [8] * 7, "selu", "selu")  # Linear layers at 0, 2, ..., 12 (numeric order matters)
    logits, value = Lin(8, k), Lin(8, 1)
    sd = od({**actor.sd("_orig_mod.a2c_network.actor_mlp."), **logits.sd("_orig_mod.a2c_network.logits."),
             **value.sd("_orig_mod.a2c_network.value.")})
    torch_save({"model": sd, "epoch": 2, "frame": 64, "optimizer": {}, "last_mean_rewards": 3.0, "env_state": None},
               os.path.join(d, "nn", "agent.pth"))
    with open(os.path.join(d, "params", "agent.yaml"), "w") as f:
        f.write("params:\n  algo:\n    name: a2c_discrete\n  network:\n    name: actor_critic\n    separate: False\n    space:\n"
                "      discrete: {}\n    mlp:\n      units: [8, 8, 8, 8, 8, 8, 8]\n      activation: selu\n  config:\n"
                "    normalize_input: False\n  env:\n    clip_observations: .inf\n    clip_actions: null\n")
    x = obs_batch(n)
    raw = logits(actor(x))
    write_expected(d, "nn/agent.pth", "rl_games", x, raw, raw.argmax(axis=1), discrete=True,
                   note="7 hidden layers (keys 0..12), selu, torch.compile prefix, no normaliser")


# ---------------------------------------------------------------- skrl
def skrl_separate():
    d = folder("skrl-separate-state-preprocessor")
    os.makedirs(os.path.join(d, "checkpoints"), exist_ok=True)
    n, a = 4, 2
    l0, l1, l2 = Lin(n, 16), Lin(16, 8), Lin(8, a)
    policy = od({**l0.sd("net_container.0."), **l1.sd("net_container.2."), **l2.sd("net_container.4."), "log_std_parameter": T(np.zeros(a))})
    value = od(Seq([n, 16, 8, 1], "relu").sd("net_container."))
    mean = RNG.normal(size=n)
    var = RNG.uniform(size=n) + 0.2
    pre = {"running_mean": T(mean, np.float64), "running_variance": T(var, np.float64), "current_count": T(100.0, np.float64)}
    torch_save({"policy": policy, "value": value, "optimizer": {}, "state_preprocessor": od(pre), "value_preprocessor": od(pre)},
               os.path.join(d, "checkpoints", "best_agent.pt"))
    with open(os.path.join(d, "params", "agent.yaml"), "w") as f:
        f.write("seed: 42\nmodels:\n  separate: True\n  policy:\n    class: GaussianMixin\n    clip_actions: False\n    network:\n"
                "      - name: net\n        input: STATES\n        layers: [16, 8]\n        activations: [relu, tanh]\n"
                "    output: 2.0 * tanh(ACTIONS)\n  value:\n    class: DeterministicMixin\n    network:\n      - name: net\n"
                "        input: STATES\n        layers: [16, 8]\n        activations: relu\n    output: ONE\n"
                "agent:\n  class: PPO\n  state_preprocessor: RunningStandardScaler\n  state_preprocessor_kwargs: null\n")
    x = obs_batch(n, 3.0)
    z = np.clip((x - mean.astype(np.float32)) / (np.sqrt(var.astype(np.float32)) + np.float32(1e-8)), -5.0, 5.0).astype(np.float32)
    raw = l2(np.tanh(l1(np.maximum(l0(z), 0))).astype(np.float32))
    act = (np.float32(2.0) * np.tanh(raw)).astype(np.float32)
    write_expected(d, "checkpoints/best_agent.pt", "skrl", x, raw, act,
                   note="separate Gaussian policy, per-layer activations, output 2*tanh, skrl 1.x state_preprocessor")


# ---------------------------------------------------------------- SB3
def sb3_zip(path, data, state_dict, version="2.3.2"):
    buf = io.BytesIO()
    torch_save(od(state_dict), buf)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("data", json.dumps(data, indent=4))
        z.writestr("policy.pth", buf.getvalue())
        z.writestr("_stable_baselines3_version", version)
        z.writestr("system_info.txt", "- Stable-Baselines3: %s\n- PyTorch: (emulated torch.save)\n" % version)


def box(low, high):
    low, high = np.asarray(low, np.float32), np.asarray(high, np.float32)
    return {":type:": "<class 'gymnasium.spaces.box.Box'>", "dtype": "float32", "_shape": list(low.shape),
            "low": str(low), "high": str(high), "low_repr": None, "high_repr": None, "_np_random": None}


def discrete(n):
    return {":type:": "<class 'gymnasium.spaces.discrete.Discrete'>", "dtype": "int64", "n": str(n), "start": "0", "_shape": [],
            "_np_random": None}


def kwargs(**kw):
    out = {":type:": "<class 'dict'>", ":serialized:": "gAWVAAAAAAAAAAB9lC4="}
    out.update(kw)
    return out


def unscale(a, low, high):
    return (low + np.float32(0.5) * (a + np.float32(1.0)) * (high - low)).astype(np.float32)


def sb3_td3(ddpg=False):
    d = folder("sb3-ddpg" if ddpg else "sb3-td3", params=False)
    n, a = 5, 2
    low, high = np.array([-1.0, -2.0], np.float32), np.array([1.0, 3.0], np.float32)
    actor = Seq([n, 24, 24, a], "tanh" if ddpg else "relu", "tanh")
    sd = {**actor.sd("actor.mu."), **actor.sd("actor_target.mu.")}
    for c in ("critic.", "critic_target."):
        sd.update(Seq([n + a, 24, 24, 1], "relu").sd(c + "qf0."))
        sd.update(Seq([n + a, 24, 24, 1], "relu").sd(c + "qf1."))
    data = {"policy_kwargs": kwargs(net_arch=[24, 24], activation_fn="<class 'torch.nn.modules.activation.Tanh'>") if ddpg
            else {"net_arch": [24, 24]},
            "observation_space": box([-np.inf] * n, [np.inf] * n), "action_space": box(low, high), "use_sde": False,
            "policy_delay": 1 if ddpg else 2, "target_noise_clip": 0.0 if ddpg else 0.5, "target_policy_noise": 0.1 if ddpg else 0.2}
    sb3_zip(os.path.join(d, "model.zip"), data, sd)
    x = obs_batch(n)
    raw = actor(x)
    write_expected(d, "model.zip", "sb3", x, raw, unscale(raw, low, high),
                   note=("DDPG (TD3Policy, policy_delay 1), tanh hidden" if ddpg else "TD3, relu default") + ", asymmetric Box")


def sb3_ppo_gsde():
    d = folder("sb3-ppo-gsde-box", params=False)
    n, a = 4, 2
    pi, vf = Seq([n, 16, 16], "tanh", "tanh"), Seq([n, 16, 16], "tanh", "tanh")
    action_net, value_net = Lin(16, a), Lin(16, 1)
    sd = {"log_std": T(np.full((16, a), -2.0)), **pi.sd("mlp_extractor.policy_net."), **vf.sd("mlp_extractor.value_net."),
          **action_net.sd("action_net."), **value_net.sd("value_net.")}
    low, high = np.array([-0.5, -0.25], np.float32), np.array([0.5, 0.75], np.float32)
    data = {"policy_kwargs": {"log_std_init": -2, "ortho_init": False}, "observation_space": box([-10] * n, [10] * n),
            "action_space": box(low, high), "use_sde": True, "sde_sample_freq": 4, "clip_range": {":type:": "<class 'function'>"},
            "n_epochs": 10}
    sb3_zip(os.path.join(d, "model.zip"), data, sd)
    x = obs_batch(n)
    raw = action_net(pi(x))
    write_expected(d, "model.zip", "sb3", x, raw, np.clip(raw, low, high), note="PPO gSDE (log_std [16, 2]): mean, clipped to the Box")


def sb3_sac_gsde():
    d = folder("sb3-sac-gsde", params=False)
    n, a = 3, 1
    latent = Seq([n, 32, 32], "relu", "relu")
    mu = Lin(32, a, scale=8.0)  # large enough for the Hardtanh(-2, 2) to bite
    sd = {**latent.sd("actor.latent_pi."), **mu.sd("actor.mu.0."), "actor.log_std": T(np.full((32, a), -3.0)),
          **Seq([n + a, 32, 32, 1], "relu").sd("critic.qf0.")}
    data = {"policy_kwargs": {"use_sde": True}, "observation_space": box([-1, -1, -8], [1, 1, 8]), "action_space": box([-2.0], [2.0]),
            "use_sde": True, "target_entropy": -1.0}
    sb3_zip(os.path.join(d, "model.zip"), data, sd)
    x = obs_batch(n)
    raw = mu(latent(x))
    sq = np.tanh(np.clip(raw, -2.0, 2.0)).astype(np.float32)
    write_expected(d, "model.zip", "sb3", x, raw, unscale(sq, np.float32([-2.0]), np.float32([2.0])), note="SAC gSDE: tanh(hardtanh(mu, 2))")


def fake_sb3_classes():
    """Classes pickled under SB3's names (SB3 is not installed here) so that the file references the real globals."""
    for name in ("stable_baselines3", "stable_baselines3.common", "stable_baselines3.common.vec_env"):
        sys.modules.setdefault(name, types.ModuleType(name))
    vn = _fake("stable_baselines3.common.vec_env.vec_normalize", "VecNormalize", type("VecNormalize", (), {}))
    rms = _fake("stable_baselines3.common.running_mean_std", "RunningMeanStd", type("RunningMeanStd", (), {}))
    return vn, rms


def sb3_ppo_shared_vecnormalize():
    d = folder("sb3-ppo-sharednet-isaaclab-vecnormalize", params=False)
    n, k = 6, 4
    shared, pi, vf = Seq([n, 16], "id", "elu"), Seq([16, 16], "id", "elu"), Seq([16, 16], "id", "elu")
    action_net = Lin(16, k)
    sd = {**shared.sd("mlp_extractor.shared_net."), **pi.sd("mlp_extractor.policy_net."), **vf.sd("mlp_extractor.value_net."),
          **action_net.sd("action_net."), **Lin(16, 1).sd("value_net.")}
    data = {"policy_kwargs": kwargs(net_arch=[16, {"pi": [16], "vf": [16]}], activation_fn="<class 'torch.nn.modules.activation.ELU'>"),
            "observation_space": box([-np.inf] * n, [np.inf] * n), "action_space": discrete(k), "use_sde": False, "n_epochs": 4,
            "clip_range": {":type:": "<class 'function'>"}}
    sb3_zip(os.path.join(d, "model.zip"), data, sd, version="1.6.2")
    VecNormalize, RunningMeanStd = fake_sb3_classes()
    rms = RunningMeanStd()
    mean = np.random.default_rng(3).normal(size=n)
    var = np.random.default_rng(4).uniform(0.1, 3.0, size=n)
    rms.__dict__.update({"mean": mean, "var": var, "count": 12345.0001})
    v = VecNormalize()
    v.__dict__.update({"num_envs": 4, "obs_rms": rms, "ret_rms": None, "clip_obs": 5.0, "clip_reward": 10.0, "gamma": 0.99,
                       "epsilon": 1e-4, "training": True, "norm_obs": True, "norm_reward": True, "norm_obs_keys": None})
    with open(os.path.join(d, "model_vecnormalize.pkl"), "wb") as f:
        pickle.dump(v, f, protocol=4)
    x = obs_batch(n, 4.0)
    xn = np.clip((x - mean) / np.sqrt(var + 1e-4), -5.0, 5.0).astype(np.float32)
    raw = action_net(pi(shared(xn)))
    write_expected(d, "model.zip", "sb3", x, raw, raw.argmax(axis=1), discrete=True,
                   note="SB3 < 1.8 shared_net, ELU from policy_kwargs, Isaac Lab model_vecnormalize.pkl (clip 5, eps 1e-4)")


if __name__ == "__main__":
    for f in (rsl_v1, rsl_v3, rsl_v4, rsl_v5_hetero, rlg_continuous_separate, rlg_discrete_deep, skrl_separate,
              lambda: sb3_td3(False), lambda: sb3_td3(True), sb3_ppo_gsde, sb3_sac_gsde, sb3_ppo_shared_vecnormalize):
        f()
    print("fixtures written to", OUT)

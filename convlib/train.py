"""A small trainer in numpy: the SGD and Adam steps, and shuffled mini-batches.

An optimiser holds the parameter arrays of a model and updates them in place,
given their gradients in the same order. The rules are torch.optim's (no
weight decay, no dampening, no Nesterov), step for step::

    SGD:   v = g on the first step, then v = momentum*v + g;   p -= lr * v   (v = g without momentum)
    Adam:  m = m + (1 - b1)*(g - m);   s = b2*s + (1 - b2)*g*g;   t = step number (1, 2, ...)
           p -= lr / (1 - b1**t) * m / (sqrt(s) / sqrt(1 - b2**t) + eps)

A training loop with them::

    opt = Adam([weight, bias], lr=1e-2)
    for epoch in range(epochs):
        for idx in batches(len(images), 32, rng):
            ...forward on images[idx], then the backward pass with convlib.grad...
            opt.step([grad_weight, grad_bias])

A learning rate that decays lets the last epochs settle instead of jittering::

    for epoch, rate in enumerate(cosine(1e-2, epochs)):
        opt.lr = rate
        ...

Used in: the tests, so far (written for the learned-kernels chapter).
"""

from __future__ import annotations

import numbers

import numpy as np

from ._checks import check_int, check_number


def _check_params(params) -> list[np.ndarray]:
    if isinstance(params, np.ndarray) or not isinstance(params, (list, tuple)) or not params:
        raise TypeError(
            f"`params` must be a non-empty list of numpy arrays, e.g. [weight, bias]; got {type(params).__name__}"
        )
    for k, p in enumerate(params):
        if not isinstance(p, np.ndarray) or p.dtype not in (np.float32, np.float64):
            kind = p.dtype if isinstance(p, np.ndarray) else type(p).__name__
            raise TypeError(
                f"`params[{k}]` must be a float32 or float64 numpy array (it is updated in place); got {kind}. "
                f"Convert it once with np.asarray(..., dtype=float) and keep that array"
            )
    return list(params)


def _check_rate(value, name: str) -> float:
    value = check_number(value, name)
    if not value >= 0:
        raise ValueError(f"`{name}` must be at least 0; got {value}")
    return value


class _Optimizer:
    def __init__(self, params, lr):
        self.params = _check_params(params)
        self.lr = _check_rate(lr, "lr")

    def _grads(self, grads) -> list[np.ndarray]:
        if not isinstance(grads, (list, tuple)) or len(grads) != len(self.params):
            count = len(grads) if isinstance(grads, (list, tuple)) else type(grads).__name__
            raise ValueError(
                f"`grads` must be a list with one gradient per parameter ({len(self.params)}, in the order of "
                f"`params`); got {count}"
            )
        checked = []
        for k, (p, g) in enumerate(zip(self.params, grads)):
            g = np.asarray(g)
            if g.shape != p.shape:
                raise ValueError(f"`grads[{k}]` has shape {g.shape} but `params[{k}]` has shape {p.shape}")
            checked.append(g.astype(p.dtype, copy=False))
        return checked


class SGD(_Optimizer):
    """Stochastic gradient descent, with optional momentum, as ``torch.optim.SGD``.

    Parameters
    ----------
    params : list of float ndarrays, updated in place by :meth:`step`
    lr : float, the learning rate
    momentum : float, default 0 (plain gradient descent)

    ``v = momentum*v + g`` (``v = g`` on the first step), then ``p -= lr * v``.

    Example
    -------
    >>> w = np.array([1.0, 2.0])
    >>> SGD([w], lr=0.5).step([np.array([1.0, -1.0])])
    >>> w
    array([0.5, 2.5])

    Used in: the tests, so far.
    """

    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, lr)
        self.momentum = _check_rate(momentum, "momentum")
        self.velocity: list[np.ndarray | None] = [None] * len(self.params)

    def step(self, grads) -> None:
        """Update every parameter in place, given ``grads`` (one per parameter, same shapes)."""
        for k, (p, g) in enumerate(zip(self.params, self._grads(grads))):
            if self.momentum:
                if self.velocity[k] is None:
                    self.velocity[k] = g.copy()
                else:
                    self.velocity[k] *= self.momentum
                    self.velocity[k] += g
                g = self.velocity[k]
            p -= self.lr * g


class Adam(_Optimizer):
    """Adam, as ``torch.optim.Adam``: momentum and a per-entry step size from running averages.

    Parameters
    ----------
    params : list of float ndarrays, updated in place by :meth:`step`
    lr : float
    betas : (float, float), default (0.9, 0.999); decay rates of the two running averages
    eps : float, default 1e-8

    With ``t`` the step number (1, 2, ...)::

        m = b1*m + (1 - b1)*g        s = b2*s + (1 - b2)*g**2
        p -= lr / (1 - b1**t) * m / (sqrt(s) / sqrt(1 - b2**t) + eps)

    Example
    -------
    >>> w = np.array([1.0, 2.0])
    >>> Adam([w], lr=0.1).step([np.array([3.0, -0.5])])
    >>> w.round(6)  # the first step moves every entry by about lr, whatever the gradient's size
    array([0.9, 2.1])

    Used in: the tests, so far.
    """

    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2 or not all(
            isinstance(b, numbers.Real) and 0 <= b < 1 for b in betas
        ):
            raise ValueError(f"`betas` must be two numbers in [0, 1), like (0.9, 0.999); got {betas!r}")
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = _check_rate(eps, "eps")
        self.t = 0
        self.m = [np.zeros_like(p) for p in self.params]
        self.s = [np.zeros_like(p) for p in self.params]

    def step(self, grads) -> None:
        """Update every parameter in place, given ``grads`` (one per parameter, same shapes)."""
        grads = self._grads(grads)
        b1, b2 = self.betas
        self.t += 1
        step_size = self.lr / (1 - b1**self.t)
        root_correction = (1 - b2**self.t) ** 0.5
        for p, g, m, s in zip(self.params, grads, self.m, self.s):
            m += (1 - b1) * (g - m)  # torch's lerp: the same as b1*m + (1 - b1)*g, rounded as torch does
            s *= b2
            s += (1 - b2) * g * g
            p -= step_size * (m / (np.sqrt(s) / root_correction + self.eps))


def cosine(lr, steps):
    """A learning rate for each of ``steps`` epochs (or steps), decaying from ``lr`` towards 0 along half a cosine.

    ``lr * (1 + cos(pi * k / steps)) / 2`` for ``k = 0 .. steps-1``: the rates of
    ``torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)`` (``eta_min=0``).
    Set ``opt.lr`` to the k-th rate before the k-th epoch.

    Parameters
    ----------
    lr : float, the first (largest) rate
    steps : int, how many rates

    Returns
    -------
    float ndarray (steps,)

    Example
    -------
    >>> cosine(1.0, 4).round(3)
    array([1.   , 0.854, 0.5  , 0.146])

    Used in: chapter 10 (the digits CNN, and Adam learning Sobel x).
    """
    lr = _check_rate(lr, "lr")
    steps = check_int(steps, "steps", 1)
    return lr * (1 + np.cos(np.pi * np.arange(steps) / steps)) / 2


def batches(n, batch_size, rng):
    """Shuffled mini-batches: index arrays that cover ``0 .. n-1`` once, ``batch_size`` at a time.

    The last batch is shorter when ``batch_size`` does not divide ``n`` (like
    torch's ``DataLoader(shuffle=True)``). Draw a fresh order every epoch.

    Parameters
    ----------
    n : int, the number of examples
    batch_size : int
    rng : numpy.random.Generator, e.g. ``np.random.default_rng(0)``

    Returns
    -------
    iterator of int ndarrays (batch_size,)

    Example
    -------
    >>> [len(idx) for idx in batches(10, 4, np.random.default_rng(0))]
    [4, 4, 2]

    Used in: the tests, so far.
    """
    n = check_int(n, "n", 1)
    batch_size = check_int(batch_size, "batch_size", 1)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"`rng` must be a numpy Generator, e.g. np.random.default_rng(0); got {type(rng).__name__}")
    order = rng.permutation(n)
    return (order[start : start + batch_size] for start in range(0, n, batch_size))

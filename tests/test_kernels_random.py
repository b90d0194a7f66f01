"""The kernels draw a Generator's numbers exactly as NumPy does: same permutations, same uniforms,
and the Generator left in the same state, for every kind of NumPy BitGenerator."""

import numpy as np
import pytest

from hopfield_edu import _kernels


@pytest.mark.parametrize("bit_generator", [np.random.PCG64, np.random.PCG64DXSM,
                                           np.random.MT19937, np.random.Philox, np.random.SFC64])
@pytest.mark.parametrize("n", [1, 2, 3, 7, 64, 200, 4097])
def test_draw_sweep_is_numpy_permutation_then_random(bit_generator, n):
    for seed in range(5):
        ours, numpys = (np.random.Generator(bit_generator(seed)) for _ in range(2))
        for generator in (ours, numpys):  # leave half a 64-bit number buffered in both
            generator.integers(0, 2**32, dtype=np.uint32)
        order, uniforms = np.empty(n, np.int64), np.empty(n)
        _kernels.draw_sweep(order, uniforms, _kernels.numpy_stream(ours))
        assert np.array_equal(order, numpys.permutation(n))
        assert np.array_equal(uniforms, numpys.random(n))
        assert ours.integers(2**62) == numpys.integers(2**62)  # the same state afterwards
        _kernels.draw_sweep(order, np.empty(0), _kernels.numpy_stream(ours))
        assert np.array_equal(order, numpys.permutation(n))

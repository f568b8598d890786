import pyarrow as pa
import pytest

from qdextract.run.arrow_memory import returning_arrow_memory


def test_system_allocator_inside_and_previous_pool_after(monkeypatch):
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    before = pa.default_memory_pool().backend_name
    with returning_arrow_memory() as pool:
        assert pool.backend_name == "system"
        assert pa.default_memory_pool().backend_name == "system"
        table = pa.table({"text": ["城镇居民人均可支配收入"] * 1000})
        assert pool.bytes_allocated() > 0
    assert pa.default_memory_pool().backend_name == before
    del table  # freed by the pool that made it, after the block
    assert pool.bytes_allocated() == 0


def test_previous_pool_back_after_an_error(monkeypatch):
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    before = pa.default_memory_pool().backend_name
    with pytest.raises(RuntimeError), returning_arrow_memory():
        raise RuntimeError("stage failed")
    assert pa.default_memory_pool().backend_name == before


def test_a_pool_named_in_the_environment_is_kept(monkeypatch):
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    current = pa.default_memory_pool().backend_name
    with returning_arrow_memory() as pool:
        assert pool.backend_name == current
        assert pa.default_memory_pool().backend_name == current

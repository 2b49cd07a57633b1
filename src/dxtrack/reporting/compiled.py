"""Where `CompiledValues` was first written; it now lives in `dxtrack.compiled`, below every
app, so that the accounts' token lookup can use it too."""

from dxtrack.compiled import CompiledValues

__all__ = ["CompiledValues"]

// Public exports of src/stats. Each module adds its own export lines here.
export {};

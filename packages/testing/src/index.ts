/** @dinoai/testing: under construction; see the package map in the repository README. */
export {}
